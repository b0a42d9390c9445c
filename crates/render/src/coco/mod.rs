//! Confidential containers: the Trustee side, typed initdata, and what each release pairs with.

pub mod catalog;
pub mod initdata;
pub mod trustee;
