//! The kernel's five ZeroMQ sockets (the only place that uses `zeromq` and `tokio`): shell
//! and control (ROUTER) hand each request to a handler and send back what it answers,
//! IOPub (PUB) broadcasts what handlers publish from any thread, heartbeat (REP) echoes,
//! stdin (ROUTER) is bound but unused (`allow_stdin` is never honoured). Shell requests run
//! one at a time on a blocking thread while control stays responsive, so an interrupt or a
//! shutdown reaches a kernel that is busy with a long cell.

use std::time::Duration;

use bytes::Bytes;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use zeromq::{PubSocket, RepSocket, RouterSocket, Socket, SocketRecv, SocketSend, ZmqMessage};

use super::wire::Frame;

/// What a handler answers to one request.
#[derive(Default)]
pub struct Handled {
    /// Messages to send back on the socket the request came on.
    pub replies: Vec<Vec<Frame>>,
    /// Messages to publish on IOPub after the replies (the `idle` status).
    pub after: Vec<Vec<Frame>>,
    /// Abort the execute requests already waiting (`stop_on_error` after an error).
    pub abort_queue: bool,
    /// Stop the kernel once the replies are out (`shutdown_request`).
    pub stop: bool,
}

/// Handles shell requests one at a time (it owns the interpreter).
pub trait Shell: Send + 'static {
    /// Answers one request.
    fn handle(&mut self, frames: Vec<Frame>) -> Handled;
    /// Answers a request that waited behind a failed cell with `stop_on_error`.
    fn abort(&mut self, frames: Vec<Frame>) -> Handled;
}

/// Handles control requests (interrupt, shutdown, kernel info) while a cell may be running.
pub trait Control: Send + 'static {
    /// Answers one request.
    fn handle(&mut self, frames: Vec<Frame>) -> Handled;
}

/// Sends messages to IOPub from any thread, in the order they are sent.
#[derive(Clone)]
pub struct Publisher(UnboundedSender<Vec<Frame>>);

impl Publisher {
    /// Queues one message for IOPub; after the kernel stopped, it is dropped.
    pub fn send(&self, frames: Vec<Frame>) {
        let _ = self.0.send(frames);
    }
}

/// A publisher and the queue that `serve` drains into the IOPub socket.
pub fn publisher() -> (Publisher, UnboundedReceiver<Vec<Frame>>) {
    let (tx, rx) = unbounded_channel();
    (Publisher(tx), rx)
}

/// Where the five sockets listen: `tcp://IP:PORT` each.
pub struct Endpoints {
    /// Shell requests.
    pub shell: String,
    /// Control requests.
    pub control: String,
    /// Broadcasts.
    pub iopub: String,
    /// Input requests (unused).
    pub stdin: String,
    /// Heartbeat.
    pub heartbeat: String,
}

/// Binds the sockets and serves until a handler says stop. `publisher` and `iopub` are the
/// two ends from `publisher()`; `stack` is the size of the thread that runs shell requests.
pub fn serve(
    endpoints: Endpoints,
    shell: impl Shell,
    control: impl Control,
    (publisher, iopub): (Publisher, UnboundedReceiver<Vec<Frame>>),
    stack: usize,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .thread_stack_size(stack)
        .build()
        .map_err(|e| format!("cannot start the kernel's event loop: {e}"))?;
    runtime.block_on(run(endpoints, shell, control, publisher, iopub))
}

async fn bind<S: Socket>(mut socket: S, endpoint: &str) -> Result<S, String> {
    socket
        .bind(endpoint)
        .await
        .map_err(|e| format!("cannot listen on {endpoint}: {e}"))?;
    Ok(socket)
}

async fn run(
    endpoints: Endpoints,
    shell: impl Shell,
    control: impl Control,
    publisher: Publisher,
    iopub: UnboundedReceiver<Vec<Frame>>,
) -> Result<(), String> {
    let shell_socket = bind(RouterSocket::new(), &endpoints.shell).await?;
    let control_socket = bind(RouterSocket::new(), &endpoints.control).await?;
    let pub_socket = bind(PubSocket::new(), &endpoints.iopub).await?;
    let stdin_socket = bind(RouterSocket::new(), &endpoints.stdin).await?;
    let heartbeat = bind(RepSocket::new(), &endpoints.heartbeat).await?;
    let (stop_tx, mut stop_rx) = unbounded_channel::<()>();
    tokio::spawn(echo(heartbeat));
    tokio::spawn(broadcast(pub_socket, iopub));
    tokio::spawn(serve_control(
        control_socket,
        control,
        publisher.clone(),
        stop_tx.clone(),
    ));
    tokio::spawn(serve_shell(shell_socket, shell, publisher, stop_tx));
    stop_rx.recv().await;
    drop(stdin_socket);
    // Let the last replies and the final status leave before the process ends.
    tokio::time::sleep(Duration::from_millis(100)).await;
    Ok(())
}

/// The heartbeat: every message comes straight back.
async fn echo(mut socket: RepSocket) {
    while let Ok(message) = socket.recv().await {
        if socket.send(message).await.is_err() {
            break;
        }
    }
}

/// Sends queued IOPub messages in order.
async fn broadcast(mut socket: PubSocket, mut queue: UnboundedReceiver<Vec<Frame>>) {
    while let Some(frames) = queue.recv().await {
        if let Some(message) = to_message(frames) {
            // A PUB socket with no subscriber drops messages; that is not an error.
            let _ = socket.send(message).await;
        }
    }
}

async fn serve_control(
    mut socket: RouterSocket,
    mut control: impl Control,
    publisher: Publisher,
    stop: UnboundedSender<()>,
) {
    while let Ok(message) = socket.recv().await {
        let handled = control.handle(frames(message));
        if finish(&mut socket, handled, &publisher).await {
            let _ = stop.send(());
            return;
        }
    }
}

async fn serve_shell(
    mut socket: RouterSocket,
    shell: impl Shell,
    publisher: Publisher,
    stop: UnboundedSender<()>,
) {
    let mut shell = Some(shell);
    while let Ok(message) = socket.recv().await {
        let Some(mut handler) = shell.take() else {
            return;
        };
        let request = frames(message);
        let task = tokio::task::spawn_blocking(move || {
            let handled = handler.handle(request);
            (handler, handled)
        });
        let Ok((mut handler, handled)) = task.await else {
            // The handler panicked past its own guard: nothing is left to serve with.
            let _ = stop.send(());
            return;
        };
        // Requests already queued behind a failed cell (`stop_on_error`) are aborted; they
        // are taken before the failure's reply goes out, so nothing a client sends after
        // seeing the error is.
        let queued = if handled.abort_queue {
            ready(&mut socket).await
        } else {
            Vec::new()
        };
        if finish(&mut socket, handled, &publisher).await {
            let _ = stop.send(());
            return;
        }
        for request in queued {
            let handled = handler.abort(request);
            if finish(&mut socket, handled, &publisher).await {
                let _ = stop.send(());
                return;
            }
        }
        shell = Some(handler);
    }
}

/// The requests that have already arrived, without waiting for more (the socket's reading
/// tasks get a few turns to hand over what is in their buffers).
async fn ready(socket: &mut RouterSocket) -> Vec<Vec<Frame>> {
    let mut queued = Vec::new();
    loop {
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
        match tokio::time::timeout(Duration::ZERO, socket.recv()).await {
            Ok(Ok(message)) => queued.push(frames(message)),
            _ => return queued,
        }
    }
}

/// Sends a handler's replies, then publishes what comes after them; true when it said stop.
async fn finish(socket: &mut RouterSocket, handled: Handled, publisher: &Publisher) -> bool {
    for reply in handled.replies {
        if let Some(message) = to_message(reply) {
            let _ = socket.send(message).await;
        }
    }
    for frames in handled.after {
        publisher.send(frames);
    }
    handled.stop
}

fn frames(message: ZmqMessage) -> Vec<Frame> {
    message.into_vec().into_iter().map(|b| b.to_vec()).collect()
}

fn to_message(frames: Vec<Frame>) -> Option<ZmqMessage> {
    let frames: Vec<Bytes> = frames.into_iter().map(Bytes::from).collect();
    ZmqMessage::try_from(frames).ok()
}
