// A small graphql-transport-ws client for the live events of /query
// (docs/EVENTS.md): one WebSocket per subscription, the bearer token in
// connection_init's payload (never in the URL), reconnecting after a drop
// with a growing pause. The page's CSP allows it: connect-src 'self'
// covers ws: and wss: of the same host.
import { getToken } from "./api";
import type { TypedDocumentString } from "./gql/graphql";

export function subscribe<R, V>(doc: TypedDocumentString<R, V>, variables: V, onData: (data: R) => void): () => void {
  let ws: WebSocket | null = null;
  let stopped = false;
  let pause = 1000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const open = () => {
    const url = `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/query`;
    const s = new WebSocket(url, "graphql-transport-ws");
    ws = s;
    s.onopen = () => {
      const token = getToken();
      s.send(JSON.stringify({ type: "connection_init", payload: token ? { Authorization: `Bearer ${token}` } : {} }));
    };
    s.onmessage = (e) => {
      let msg: { type: string; payload?: { data?: R } };
      try {
        msg = JSON.parse(String(e.data));
      } catch {
        return;
      }
      if (msg.type === "connection_ack") {
        pause = 1000;
        s.send(JSON.stringify({ id: "1", type: "subscribe", payload: { query: doc.toString(), variables } }));
      } else if (msg.type === "ping") {
        s.send(JSON.stringify({ type: "pong" }));
      } else if (msg.type === "next" && msg.payload?.data) {
        onData(msg.payload.data);
      } else if (msg.type === "error" || msg.type === "complete") {
        // Refused (e.g. no longer a member) or ended by the server: stop.
        stopped = true;
        s.close();
      }
    };
    s.onclose = () => {
      if (stopped) return;
      timer = setTimeout(open, pause);
      pause = Math.min(pause * 2, 30000);
    };
  };
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (ws && ws.readyState <= WebSocket.OPEN) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ id: "1", type: "complete" }));
      ws.close();
    }
  };
}
