//! A TCP relay the test controls, in front of PostgreSQL: it forwards bytes both ways until
//! told to cut the link (drop every connection and refuse new ones) or to stall it (keep the
//! connections open and forward nothing), as a network partition would.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// What the relay does with the bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// Forwards both ways.
    Open,
    /// Drops every connection and closes new ones at once.
    Cut,
    /// Keeps connections open and forwards nothing; new connections wait too.
    Stalled,
}

/// A relay on its own thread and runtime, so it keeps forwarding whatever the test does.
pub struct Relay {
    /// Where clients connect.
    pub address: SocketAddr,
    link: watch::Sender<Link>,
}

impl Relay {
    /// Starts a relay to `upstream` (`host:port`).
    pub fn start(upstream: String) -> Self {
        let (link, watcher) = watch::channel(Link::Open);
        let (ready, address) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("relay runtime");
            runtime.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("relay port");
                ready.send(listener.local_addr().expect("address")).ok();
                loop {
                    let Ok((client, _)) = listener.accept().await else {
                        return;
                    };
                    let watcher = watcher.clone();
                    let upstream = upstream.clone();
                    tokio::spawn(serve(client, upstream, watcher));
                }
            });
        });
        Self {
            address: address.recv().expect("relay started"),
            link,
        }
    }

    /// Starts a relay to the PostgreSQL server of `url` and returns it with the URL that
    /// goes through it.
    pub fn in_front_of(url: &str) -> (Self, String) {
        let (scheme, rest) = url.split_once("://").expect("a URL");
        let (user, rest) = rest.split_once('@').map_or(("", rest), |(u, r)| (u, r));
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (host, tail) = rest.split_at(end);
        let upstream = if host.contains(':') {
            host.to_owned()
        } else {
            format!("{host}:5432")
        };
        let relay = Self::start(upstream);
        let user = if user.is_empty() {
            String::new()
        } else {
            format!("{user}@")
        };
        let through = format!("{scheme}://{user}{}{tail}", relay.address);
        (relay, through)
    }

    /// Sets what the relay does from now on.
    pub fn set(&self, link: Link) {
        self.link.send_replace(link);
    }
}

/// One client connection: waits while the link is stalled, refuses it while cut, else
/// connects upstream and forwards both ways.
async fn serve(client: TcpStream, upstream: String, mut link: watch::Receiver<Link>) {
    if !open(&mut link).await {
        return;
    }
    let Ok(server) = TcpStream::connect(&upstream).await else {
        return;
    };
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let up = tokio::spawn(pipe(client_read, server_write, link.clone()));
    let down = tokio::spawn(pipe(server_read, client_write, link));
    let _ = tokio::join!(up, down);
}

/// Waits until the link is open (true) or cut (false).
async fn open(link: &mut watch::Receiver<Link>) -> bool {
    loop {
        match *link.borrow_and_update() {
            Link::Open => return true,
            Link::Cut => return false,
            Link::Stalled => {}
        }
        if link.changed().await.is_err() {
            return false;
        }
    }
}

/// Copies one direction, holding the bytes while stalled and dropping both ends when cut.
async fn pipe(mut from: OwnedReadHalf, mut to: OwnedWriteHalf, mut link: watch::Receiver<Link>) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        if !open(&mut link).await {
            return;
        }
        tokio::select! {
            read = from.read(&mut buffer) => {
                let n = match read {
                    Ok(0) | Err(_) => return,
                    Ok(n) => n,
                };
                // Bytes read just as the link stalls wait until it opens again.
                if !open(&mut link).await || to.write_all(&buffer[..n]).await.is_err() {
                    return;
                }
            }
            changed = link.changed() => {
                if changed.is_err() {
                    return;
                }
            }
        }
    }
}

/// How long `future` took, with its output.
pub async fn timed<T>(future: impl std::future::Future<Output = T>) -> (T, Duration) {
    let started = std::time::Instant::now();
    let out = future.await;
    (out, started.elapsed())
}

impl Drop for Relay {
    // A blocking thread stuck on a stalled link would keep the test's runtime from ending.
    fn drop(&mut self) {
        self.link.send_replace(Link::Open);
    }
}
