//! Which addresses `--online` may send requests to. Loopback, private,
//! link-local (cloud metadata services among them), shared, multicast and
//! reserved addresses are refused unless `[online] allow-addresses` lists
//! them: a hostile article must not make a CI machine probe its own network.
//! The check is on the resolved address, by the resolver every connection
//! goes through, so a public name that resolves to 10.0.0.1 is refused too.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::Arc;

/// An address range: an address and how many leading bits must match.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    address: IpAddr,
    bits: u8,
}

impl Cidr {
    const fn v4(a: u8, b: u8, c: u8, d: u8, bits: u8) -> Cidr {
        Cidr {
            address: IpAddr::V4(Ipv4Addr::new(a, b, c, d)),
            bits,
        }
    }

    const fn v6(segments: [u16; 8], bits: u8) -> Cidr {
        let [a, b, c, d, e, f, g, h] = segments;
        Cidr {
            address: IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h)),
            bits,
        }
    }

    pub fn contains(&self, address: IpAddr) -> bool {
        match (self.address, address) {
            (IpAddr::V4(range), IpAddr::V4(address)) => {
                prefix_matches(&range.octets(), &address.octets(), self.bits)
            }
            (IpAddr::V6(range), IpAddr::V6(address)) => {
                prefix_matches(&range.octets(), &address.octets(), self.bits)
            }
            _ => false,
        }
    }
}

fn prefix_matches(range: &[u8], address: &[u8], bits: u8) -> bool {
    let whole = usize::from(bits / 8);
    let rest = bits % 8;
    if range[..whole] != address[..whole] {
        return false;
    }
    if rest == 0 {
        return true;
    }
    let mask = 0xffu8 << (8 - rest);
    range[whole] & mask == address[whole] & mask
}

impl FromStr for Cidr {
    type Err = String;

    fn from_str(text: &str) -> Result<Cidr, String> {
        let (address, bits) = match text.trim().split_once('/') {
            Some((address, bits)) => (address, Some(bits)),
            None => (text.trim(), None),
        };
        let address: IpAddr = address
            .parse()
            .map_err(|_| format!("`{address}` is not an IP address"))?;
        let most = if address.is_ipv4() { 32 } else { 128 };
        let bits = match bits {
            None => most,
            Some(bits) => bits
                .parse::<u8>()
                .ok()
                .filter(|bits| *bits <= most)
                .ok_or_else(|| format!("the prefix length must be 0 to {most}"))?,
        };
        Ok(Cidr { address, bits })
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.address, self.bits)
    }
}

/// Ranges no request goes to by default (RFC 6890's special-purpose registries).
const REFUSED: &[Cidr] = &[
    Cidr::v4(0, 0, 0, 0, 8),                         // "this network"
    Cidr::v4(10, 0, 0, 0, 8),                        // private
    Cidr::v4(100, 64, 0, 0, 10),                     // carrier-grade NAT
    Cidr::v4(127, 0, 0, 0, 8),                       // loopback
    Cidr::v4(169, 254, 0, 0, 16),                    // link-local, cloud metadata
    Cidr::v4(172, 16, 0, 0, 12),                     // private
    Cidr::v4(192, 0, 0, 0, 24),                      // IETF protocol assignments
    Cidr::v4(192, 0, 2, 0, 24),                      // documentation
    Cidr::v4(192, 168, 0, 0, 16),                    // private
    Cidr::v4(198, 18, 0, 0, 15),                     // benchmarking
    Cidr::v4(198, 51, 100, 0, 24),                   // documentation
    Cidr::v4(203, 0, 113, 0, 24),                    // documentation
    Cidr::v4(224, 0, 0, 0, 4),                       // multicast
    Cidr::v4(240, 0, 0, 0, 4),                       // reserved, broadcast
    Cidr::v6([0, 0, 0, 0, 0, 0, 0, 0], 128),         // unspecified
    Cidr::v6([0, 0, 0, 0, 0, 0, 0, 1], 128),         // loopback
    Cidr::v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64),      // discard
    Cidr::v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32), // documentation
    Cidr::v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7),      // unique local
    Cidr::v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),     // link-local
    Cidr::v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10),     // site-local (deprecated)
    Cidr::v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8),      // multicast
];

/// Decides whether an address may be requested.
#[derive(Clone, Debug, Default)]
pub struct AddressPolicy {
    allowed: Vec<Cidr>,
}

impl AddressPolicy {
    pub fn new(allowed: &[Cidr]) -> Self {
        AddressPolicy {
            allowed: allowed.to_vec(),
        }
    }

    /// `true` when `address` is in a refused range and no allowed one.
    pub fn refuses(&self, address: IpAddr) -> bool {
        if self.allowed.iter().any(|range| range.contains(address)) {
            return false;
        }
        match address {
            IpAddr::V4(v4) => REFUSED.iter().any(|range| range.contains(IpAddr::V4(v4))),
            IpAddr::V6(v6) => {
                // IPv4 written as IPv6 (`::ffff:10.0.0.1`, NAT64 `64:ff9b::a00:1`,
                // the deprecated `::10.0.0.1`) is judged as the IPv4 address.
                if let Some(v4) = embedded_v4(v6) {
                    return self.refuses(IpAddr::V4(v4));
                }
                REFUSED.iter().any(|range| range.contains(IpAddr::V6(v6)))
            }
        }
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    let mapped = s[..5] == [0; 5] && s[5] == 0xffff;
    let nat64 = s[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    let compatible = s[..6] == [0; 6] && !matches!(s[6..], [0, 0] | [0, 1]);
    (mapped || nat64 || compatible).then_some(tail)
}

/// A host name resolved only to refused addresses.
#[derive(Debug)]
pub struct Refused(pub IpAddr);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "resolves to {}, a private or local address", self.0)
    }
}

impl std::error::Error for Refused {}

/// A host name that does not resolve.
#[derive(Debug)]
pub struct Unresolved(pub String);

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unresolved {}

/// The resolver every connection goes through: the system's, minus refused
/// addresses. A name with only refused addresses fails with [`Refused`].
pub struct GuardedResolver {
    pub policy: AddressPolicy,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|error| Unresolved(format!("`{host}` does not resolve: {error}")))?
                .collect();
            let usable: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|address| !policy.refuses(address.ip()))
                .collect();
            match (usable.is_empty(), found.first()) {
                (false, _) => Ok(Box::new(usable.into_iter()) as reqwest::dns::Addrs),
                (true, Some(first)) => Err(Box::new(Refused(first.ip())) as _),
                (true, None) => Err(Box::new(Unresolved(format!("`{host}` has no address"))) as _),
            }
        })
    }
}

pub fn resolver(policy: &AddressPolicy) -> Arc<GuardedResolver> {
    Arc::new(GuardedResolver {
        policy: policy.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn local_and_private_addresses_are_refused() {
        let policy = AddressPolicy::default();
        for refused in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(policy.refuses(ip(refused)), "{refused} must be refused");
        }
        for public in [
            "93.184.215.14",
            "172.32.0.1",
            "172.15.255.255",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(!policy.refuses(ip(public)), "{public} is public");
        }
    }

    #[test]
    fn allowed_ranges_win() {
        let policy = AddressPolicy::new(&["127.0.0.0/8".parse().unwrap(), "::1".parse().unwrap()]);
        assert!(!policy.refuses(ip("127.0.0.1")));
        assert!(!policy.refuses(ip("::1")));
        assert!(!policy.refuses(ip("::ffff:127.0.0.1")));
        assert!(policy.refuses(ip("10.0.0.1")));
    }

    #[test]
    fn ranges_parse_and_match_on_bits() {
        let range: Cidr = "172.16.0.0/12".parse().unwrap();
        assert!(range.contains(ip("172.20.1.1")));
        assert!(!range.contains(ip("172.32.0.0")));
        assert_eq!(range.to_string(), "172.16.0.0/12");
        assert_eq!(
            "10.0.0.1".parse::<Cidr>().unwrap().to_string(),
            "10.0.0.1/32"
        );
        assert!("10.0.0.0/33".parse::<Cidr>().is_err());
        assert!("example.com".parse::<Cidr>().is_err());
        assert!("::/0".parse::<Cidr>().unwrap().contains(ip("2001::1")));
    }
}
