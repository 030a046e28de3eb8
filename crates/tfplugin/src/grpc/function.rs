//! GetFunctions and CallFunction (see [`crate::function`]).

use std::collections::HashMap;

use crate::function::{Function, FunctionError};
use crate::proto::tfplugin6 as pb;
use crate::server::Server;
use crate::value::{Type, Value, decode_dynamic, encode_msgpack};

fn type_bytes(ty: &Type) -> Vec<u8> {
    ty.to_json().to_string().into_bytes()
}

fn signature(function: &dyn Function) -> pb::Function {
    pb::Function {
        parameters: function
            .parameters()
            .into_iter()
            .map(|parameter| pb::function::Parameter {
                name: parameter.name.to_owned(),
                r#type: type_bytes(&parameter.ty),
                allow_null_value: false,
                allow_unknown_values: false,
                description: parameter.description.to_owned(),
                description_kind: pb::StringKind::Markdown as i32,
            })
            .collect(),
        variadic_parameter: None,
        r#return: Some(pb::function::Return {
            r#type: type_bytes(&function.returns()),
        }),
        summary: function.summary().to_owned(),
        description: function.description().to_owned(),
        description_kind: pb::StringKind::Markdown as i32,
        deprecation_message: String::new(),
    }
}

/// Every function's signature, by name: for GetFunctions and GetProviderSchema.
pub(super) fn signatures(server: &Server) -> HashMap<String, pb::Function> {
    server
        .functions()
        .iter()
        .map(|(name, function)| (name.clone(), signature(function.as_ref())))
        .collect()
}

pub(super) fn get_functions(server: &Server) -> pb::get_functions::Response {
    pb::get_functions::Response {
        functions: signatures(server),
        diagnostics: Vec::new(),
    }
}

fn failed(error: FunctionError) -> pb::call_function::Response {
    pb::call_function::Response {
        result: None,
        error: Some(pb::FunctionError {
            text: error.text,
            function_argument: error.argument.and_then(|i| i64::try_from(i).ok()),
        }),
    }
}

pub(super) fn call_function(
    server: &Server,
    req: pb::call_function::Request,
) -> pb::call_function::Response {
    let Some(function) = server.functions().get(&req.name) else {
        return failed(FunctionError {
            text: format!("This provider offers no function named {:?}.", req.name),
            argument: None,
        });
    };
    let parameters = function.parameters();
    if req.arguments.len() != parameters.len() {
        return failed(FunctionError {
            text: format!(
                "{} takes {} arguments, got {}.",
                req.name,
                parameters.len(),
                req.arguments.len()
            ),
            argument: None,
        });
    }
    let mut arguments: Vec<Value> = Vec::with_capacity(parameters.len());
    for (index, (argument, parameter)) in req.arguments.iter().zip(&parameters).enumerate() {
        match decode_dynamic(&argument.msgpack, &argument.json, &parameter.ty) {
            Ok(value) => arguments.push(value),
            Err(error) => {
                return failed(FunctionError::argument(
                    index,
                    format!("{}: {}", parameter.name, error),
                ));
            }
        }
    }
    tracing::debug!(function = %req.name, "CallFunction");
    let returns = function.returns();
    match function.call(&arguments).and_then(|value| {
        encode_msgpack(&value, &returns).map_err(|error| FunctionError {
            text: format!("the result does not have the declared type: {error}"),
            argument: None,
        })
    }) {
        Ok(msgpack) => pb::call_function::Response {
            result: Some(pb::DynamicValue {
                msgpack,
                json: Vec::new(),
            }),
            error: None,
        },
        Err(error) => failed(error),
    }
}
