//! ISO 4217 currencies and their minor units.

use std::fmt;

use super::MoneyError;

/// An ISO 4217 currency and the number of digits of its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    pub code: &'static str,
    pub minor_units: u32,
}

impl Currency {
    pub const USD: Currency = Currency {
        code: "USD",
        minor_units: 2,
    };

    /// The symbol written before amounts, for the few currencies where it is unambiguous.
    pub fn symbol(self) -> Option<&'static str> {
        match self.code {
            "USD" => Some("$"),
            "EUR" => Some("€"),
            "GBP" => Some("£"),
            "JPY" => Some("¥"),
            "INR" => Some("₹"),
            _ => None,
        }
    }
}

impl Default for Currency {
    fn default() -> Self {
        Currency::USD
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)
    }
}

/// Active ISO 4217 currencies (fund codes, precious metals and testing codes left out), with
/// their minor-unit exponents.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2), ("AFN", 2), ("ALL", 2), ("AMD", 2), ("ANG", 2), ("AOA", 2), ("ARS", 2), ("AUD", 2),
    ("AWG", 2), ("AZN", 2), ("BAM", 2), ("BBD", 2), ("BDT", 2), ("BGN", 2), ("BHD", 3), ("BIF", 0),
    ("BMD", 2), ("BND", 2), ("BOB", 2), ("BRL", 2), ("BSD", 2), ("BTN", 2), ("BWP", 2), ("BYN", 2),
    ("BZD", 2), ("CAD", 2), ("CDF", 2), ("CHF", 2), ("CLP", 0), ("CNY", 2), ("COP", 2), ("CRC", 2),
    ("CUP", 2), ("CVE", 2), ("CZK", 2), ("DJF", 0), ("DKK", 2), ("DOP", 2), ("DZD", 2), ("EGP", 2),
    ("ERN", 2), ("ETB", 2), ("EUR", 2), ("FJD", 2), ("FKP", 2), ("GBP", 2), ("GEL", 2), ("GHS", 2),
    ("GIP", 2), ("GMD", 2), ("GNF", 0), ("GTQ", 2), ("GYD", 2), ("HKD", 2), ("HNL", 2), ("HTG", 2),
    ("HUF", 2), ("IDR", 2), ("ILS", 2), ("INR", 2), ("IQD", 3), ("IRR", 2), ("ISK", 0), ("JMD", 2),
    ("JOD", 3), ("JPY", 0), ("KES", 2), ("KGS", 2), ("KHR", 2), ("KMF", 0), ("KPW", 2), ("KRW", 0),
    ("KWD", 3), ("KYD", 2), ("KZT", 2), ("LAK", 2), ("LBP", 2), ("LKR", 2), ("LRD", 2), ("LSL", 2),
    ("LYD", 3), ("MAD", 2), ("MDL", 2), ("MGA", 2), ("MKD", 2), ("MMK", 2), ("MNT", 2), ("MOP", 2),
    ("MRU", 2), ("MUR", 2), ("MVR", 2), ("MWK", 2), ("MXN", 2), ("MYR", 2), ("MZN", 2), ("NAD", 2),
    ("NGN", 2), ("NIO", 2), ("NOK", 2), ("NPR", 2), ("NZD", 2), ("OMR", 3), ("PAB", 2), ("PEN", 2),
    ("PGK", 2), ("PHP", 2), ("PKR", 2), ("PLN", 2), ("PYG", 0), ("QAR", 2), ("RON", 2), ("RSD", 2),
    ("RUB", 2), ("RWF", 0), ("SAR", 2), ("SBD", 2), ("SCR", 2), ("SDG", 2), ("SEK", 2), ("SGD", 2),
    ("SHP", 2), ("SLE", 2), ("SOS", 2), ("SRD", 2), ("SSP", 2), ("STN", 2), ("SVC", 2), ("SYP", 2),
    ("SZL", 2), ("THB", 2), ("TJS", 2), ("TMT", 2), ("TND", 3), ("TOP", 2), ("TRY", 2), ("TTD", 2),
    ("TWD", 2), ("TZS", 2), ("UAH", 2), ("UGX", 0), ("USD", 2), ("UYU", 2), ("UZS", 2), ("VED", 2),
    ("VES", 2), ("VND", 0), ("VUV", 0), ("WST", 2), ("XAF", 0), ("XCD", 2), ("XCG", 2), ("XOF", 0),
    ("XPF", 0), ("YER", 2), ("ZAR", 2), ("ZMW", 2), ("ZWG", 2),
];

/// The currency with this ISO 4217 code (exactly as written: capitals).
pub fn currency(code: &str) -> Option<Currency> {
    CURRENCIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|&(code, minor_units)| Currency { code, minor_units })
}

/// Every supported currency, by code.
pub fn currencies() -> impl Iterator<Item = Currency> {
    CURRENCIES
        .iter()
        .map(|&(code, minor_units)| Currency { code, minor_units })
}

/// Parses a currency code, with a helpful refusal for lowercase or unknown codes.
pub fn parse_currency(code: &str) -> Result<Currency, MoneyError> {
    if let Some(c) = currency(code) {
        return Ok(c);
    }
    let upper = code.trim().to_ascii_uppercase();
    match currency(&upper) {
        Some(c) => Err(MoneyError::LowercaseCurrency(c.code.to_owned())),
        None => Err(MoneyError::UnknownCurrency(code.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_table() {
        #[rustfmt::skip]
        let table = [
            ("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("KRW", 0), ("KWD", 3), ("BHD", 3),
            ("OMR", 3), ("JOD", 3), ("TND", 3), ("LYD", 3), ("IQD", 3), ("CLP", 0), ("ISK", 0),
            ("VND", 0), ("UGX", 0), ("XAF", 0), ("XOF", 0), ("PYG", 0), ("RWF", 0), ("INR", 2),
            ("HUF", 2), ("IDR", 2), ("CHF", 2), ("BRL", 2), ("ZAR", 2), ("NGN", 2), ("RUB", 2),
        ];
        for (code, dp) in table {
            assert_eq!(currency(code).map(|c| c.minor_units), Some(dp), "{code}");
        }
        assert_eq!(currency("usd"), None);
        assert_eq!(currency("XAU"), None);
        let codes: Vec<_> = currencies().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "table sorted and without duplicates");
        assert!(
            codes
                .iter()
                .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
        assert_eq!(parse_currency("EUR"), Ok(currency("EUR").unwrap()));
        assert_eq!(
            parse_currency("eur").unwrap_err().to_string(),
            "use the ISO 4217 code in capitals, e.g. EUR"
        );
        assert_eq!(
            parse_currency("XYZ").unwrap_err().to_string(),
            "\"XYZ\" is not an ISO 4217 currency code; use one such as USD or EUR"
        );
        assert_eq!(Currency::default(), Currency::USD);
    }
}
