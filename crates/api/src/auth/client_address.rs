//! Which address a login came from, for the throttle. The socket's peer,
//! unless that peer is a proxy the operator named (`RAPPORT_TRUSTED_PROXIES`):
//! then the nearest address in `X-Forwarded-For` that is not one of those
//! proxies. A client can write anything into that header, so addresses
//! are only taken from it after a proxy we trust, which appends the peer
//! it saw; without the setting every user behind a load balancer would
//! share the balancer's allowance of 20 failures.

use std::net::IpAddr;

use actix_web::HttpRequest;

/// The proxies whose `X-Forwarded-For` entries are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(pub Vec<IpAddr>);

impl TrustedProxies {
    /// The address `request` came from, as far as the trusted proxies tell.
    pub fn client_of(&self, request: &HttpRequest) -> Option<IpAddr> {
        let peer = request.peer_addr()?.ip();
        let forwarded = request
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','));
        Some(self.client(peer, forwarded))
    }

    /// Walks from the peer back along the forwarded chain while each hop
    /// is trusted; the first untrusted (or unreadable) hop is the client.
    fn client<'a>(&self, peer: IpAddr, forwarded: impl Iterator<Item = &'a str>) -> IpAddr {
        let chain: Vec<&str> = forwarded.collect();
        let mut client = peer;
        for hop in chain.iter().rev() {
            if !self.0.contains(&client) {
                break;
            }
            match hop.trim().parse() {
                Ok(address) => client = address,
                Err(_) => break,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_peer_is_the_client_unless_it_is_a_trusted_proxy() {
        let none = TrustedProxies::default();
        let balancer = TrustedProxies(vec![ip("10.0.0.1")]);
        let forwarded = || "198.51.100.7, 203.0.113.5".split(',');

        // Nobody trusted: a made-up header changes nothing.
        assert_eq!(none.client(ip("10.0.0.1"), forwarded()), ip("10.0.0.1"));
        // A client talking to us directly cannot pick its address either.
        assert_eq!(
            balancer.client(ip("192.0.2.9"), forwarded()),
            ip("192.0.2.9")
        );
        // Behind the balancer: the hop it appended, not what the client wrote before it.
        assert_eq!(
            balancer.client(ip("10.0.0.1"), forwarded()),
            ip("203.0.113.5")
        );
        // Two trusted proxies in a row are both passed.
        let two = TrustedProxies(vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        let chain = || "203.0.113.5, 10.0.0.2".split(',');
        assert_eq!(two.client(ip("10.0.0.1"), chain()), ip("203.0.113.5"));
        // Behind the balancer with no header, or garbage: the balancer.
        assert_eq!(
            balancer.client(ip("10.0.0.1"), std::iter::empty()),
            ip("10.0.0.1")
        );
        assert_eq!(
            balancer.client(ip("10.0.0.1"), "nonsense".split(',')),
            ip("10.0.0.1")
        );
    }
}
