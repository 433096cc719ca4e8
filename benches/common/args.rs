//! Command-line flags shared by the benchmark programs: `--name value` / `--name=value` and
//! bare `--switch`es.

use anyhow::{Result, anyhow, bail};

/// `--name value` / `--name=value` flags and bare `--switch`es.
pub struct Args {
    values: Vec<(String, Option<String>)>,
}

impl Args {
    pub fn parse(args: &[String], switches: &[&str], flags: &[&str]) -> Result<Args> {
        let mut values = Vec::new();
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            };
            if switches.contains(&name.as_str()) {
                values.push((name, None));
                i += 1;
            } else if flags.contains(&name.as_str()) {
                let v = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        args.get(i)
                            .cloned()
                            .ok_or_else(|| anyhow!("{name} needs a value"))?
                    }
                };
                values.push((name, Some(v)));
                i += 1;
            } else {
                bail!("unexpected argument {a:?}; see --help");
            }
        }
        Ok(Args { values })
    }
    pub fn has(&self, name: &str) -> bool {
        self.values.iter().any(|(n, _)| n == name)
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    pub fn num<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| anyhow!("{name}: {v:?} is not a valid number")),
        }
    }
    /// Every value given for a flag that may repeat, in order.
    #[allow(dead_code)]
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, v)| v.as_deref())
            .collect()
    }
    pub fn list(&self, name: &str, default: &[usize]) -> Result<Vec<usize>> {
        match self.get(name) {
            None => Ok(default.to_vec()),
            Some(v) => v
                .split(',')
                .map(|x| {
                    x.trim()
                        .parse()
                        .ok()
                        .filter(|&n| n > 0)
                        .ok_or_else(|| anyhow!("{name}: {x:?} is not a positive number"))
                })
                .collect(),
        }
    }
}
