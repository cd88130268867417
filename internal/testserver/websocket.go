package testserver

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
)

// WSMessage is a message of graphql-transport-ws.
type WSMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// WS is a graphql-transport-ws client connection to a server's /query.
type WS struct {
	t    testing.TB
	Conn *websocket.Conn
}

// wsWait bounds the wait for one message: a message that should come
// comes within it (the tests never wait for one that should not: they
// assert which message comes next).
const wsWait = 10 * time.Second

// DialWS opens a WebSocket to /query speaking graphql-transport-ws, with
// header (an Origin, say). The HTTP status of a refused handshake is
// returned with the error.
func (s *Server) DialWS(header http.Header) (*WS, int, error) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wsWait)
	defer cancel()
	c, rsp, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(s.URL, "http")+"/query", &websocket.DialOptions{
		HTTPHeader: header, Subprotocols: []string{"graphql-transport-ws"},
	})
	status := 0
	if rsp != nil {
		status = rsp.StatusCode
	}
	if err != nil {
		return nil, status, err
	}
	ws := &WS{t: s.t, Conn: c}
	s.t.Cleanup(func() { _ = c.CloseNow() })
	return ws, status, nil
}

// Connect dials, sends connection_init with the token (as
// {"Authorization": "Bearer <token>"}) and requires connection_ack.
func (s *Server) Connect(token string) *WS {
	s.t.Helper()
	ws, _, err := s.DialWS(nil)
	if err != nil {
		s.t.Fatalf("dialing the WebSocket: %v", err)
	}
	ws.Send(WSMessage{Type: "connection_init", Payload: json.RawMessage(`{"Authorization":"Bearer ` + token + `"}`)})
	if m := ws.Next(); m.Type != "connection_ack" {
		s.t.Fatalf("want connection_ack, got %+v", m)
	}
	return ws
}

// Send writes one message.
func (w *WS) Send(m WSMessage) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wsWait)
	defer cancel()
	if err := wsjson.Write(ctx, w.Conn, m); err != nil {
		w.t.Fatalf("writing %s: %v", m.Type, err)
	}
}

// Subscribe starts the subscription id.
func (w *WS) Subscribe(id, query string, vars map[string]any) {
	w.t.Helper()
	payload, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	w.Send(WSMessage{Type: "subscribe", ID: id, Payload: payload})
}

// Next reads the next message other than ping/pong.
func (w *WS) Next() WSMessage {
	w.t.Helper()
	m, err := w.read()
	if err != nil {
		w.t.Fatalf("reading the WebSocket: %v", err)
	}
	return m
}

func (w *WS) read() (WSMessage, error) {
	for {
		ctx, cancel := context.WithTimeout(context.Background(), wsWait)
		var m WSMessage
		err := wsjson.Read(ctx, w.Conn, &m)
		cancel()
		if err != nil || (m.Type != "ping" && m.Type != "pong") {
			return m, err
		}
	}
}

// CloseStatus reads until the server closes the connection and returns
// its close code (-1 if it ended otherwise).
func (w *WS) CloseStatus() websocket.StatusCode {
	w.t.Helper()
	for {
		_, err := w.read()
		if err != nil {
			var ce websocket.CloseError
			if errors.As(err, &ce) {
				return ce.Code
			}
			return -1
		}
	}
}

// UsesMariaDB reports whether the tests run on MariaDB/MySQL
// (ORGRAPH_TEST_DATABASE_URL set).
func UsesMariaDB() bool { return os.Getenv(EnvDatabaseURL) != "" }
