//! The HTTP/1.1 server loop. It is axum's `serve` plus one thing the
//! `drop` fault needs: every request carries a [`ConnectionHandle`] that can
//! close its connection without an answer.

use crate::state::AppState;
use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower_service::Service;

/// Closes the connection a request arrived on (a request extension, present
/// only under [`serve`]; requests driven in-process have none).
#[derive(Clone, Debug, Default)]
pub struct ConnectionHandle(Arc<Notify>);

impl ConnectionHandle {
    /// Closes the connection at once: no (further) bytes are written.
    pub fn close(&self) {
        self.0.notify_one();
    }

    async fn closed(&self) {
        self.0.notified().await
    }
}

/// Serves `app(state)` on `listener` until `shutdown` resolves, then stops
/// accepting and waits for the open connections to finish (idle keep-alive
/// connections are closed; callers bound the wait with a timeout).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let router = crate::app(state);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            a = listener.accept() => a,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Per-connection errors (reset before accept, fd exhaustion):
                // back off briefly and keep serving.
                eprintln!("appmixer-emulator: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let handle = ConnectionHandle::default();
        let for_requests = handle.clone();
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(for_requests.clone());
            let mut router = router.clone();
            router.call(req.map(Body::new))
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                _ = handle.closed() => {}
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
