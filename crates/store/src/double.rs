//! An optional `double precision` parameter that PostgreSQL accepts every time.
//!
//! sqlx 0.9's Any driver sends a NULL `Option<f64>` to PostgreSQL as a NULL
//! *float4* (its `Real`/`Double` null arms are swapped), and PostgreSQL keeps
//! the first execution's parameter types for the connection's cached
//! statement. A statement first run with a NULL coordinate or temperature
//! then fails on that connection with "incorrect binary data format" as soon
//! as a real value comes. Binding through [`Double`] sends the NULL as the
//! type sqlx maps to float8; `tests/it/store_types.rs` runs the NULL-then-value
//! sequence on one connection so a change in sqlx shows up there.

use sqlx::Any;
use sqlx::encode::{Encode, IsNull};
use sqlx::error::BoxDynError;
use sqlx::types::Type;
use sqlx_core::any::{AnyArgumentBuffer, AnyTypeInfo, AnyTypeInfoKind, AnyValueKind};

/// Bind an `Option<f64>` column value as `Double(value)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Double(pub Option<f64>);

impl Type<Any> for Double {
    fn type_info() -> AnyTypeInfo {
        <f64 as Type<Any>>::type_info()
    }
}

impl Encode<'_, Any> for Double {
    fn encode_by_ref(&self, buf: &mut AnyArgumentBuffer) -> Result<IsNull, BoxDynError> {
        match self.0 {
            Some(value) => <f64 as Encode<Any>>::encode_by_ref(&value, buf),
            None => {
                // `Real` is the null arm that sqlx 0.9 turns into a float8 NULL.
                buf.0.push(AnyValueKind::Null(AnyTypeInfoKind::Real));
                Ok(IsNull::Yes)
            }
        }
    }
}
