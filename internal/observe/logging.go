package observe

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// The log formats of LOG_FORMAT.
const (
	FormatText = "text"
	FormatJSON = "json"
)

// NewLogger returns the program's logger: text (slog's key=value) or JSON
// lines on w, from level up, with the request id on every line written with
// a request's context (Logger.InfoContext and the like).
func NewLogger(w io.Writer, format string, level slog.Level) (*slog.Logger, error) {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch format {
	case FormatText:
		h = slog.NewTextHandler(w, opts)
	case FormatJSON:
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("want text or json, got %q", format)
	}
	return slog.New(requestIDHandler{h}), nil
}

// WithRequestIDs returns logger writing the request id of a line's context
// on the line; a logger of NewLogger already does, and is returned as is.
func WithRequestIDs(logger *slog.Logger) *slog.Logger {
	if _, ok := logger.Handler().(requestIDHandler); ok {
		return logger
	}
	return slog.New(requestIDHandler{logger.Handler()})
}

// requestIDHandler adds request_id to the lines logged with the context of
// a request.
type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(attrs)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// DriverLogger adapts logger to the Print method of a database driver's
// logger (github.com/go-sql-driver/mysql's mysql.SetLogger): each message
// is one warning line naming the driver, instead of the driver's own
// "[mysql] date time message" on standard error.
func DriverLogger(logger *slog.Logger, driver string) interface{ Print(...any) } {
	return driverLogger{logger, driver}
}

type driverLogger struct {
	logger *slog.Logger
	driver string
}

// Print logs the driver's message; the driver starts its messages with
// the file and line that wrote them ("connection.go:803 closing bad idle
// connection: EOF"), which becomes the at attribute.
func (d driverLogger) Print(v ...any) {
	msg := strings.TrimSpace(fmt.Sprint(v...))
	at, rest, ok := strings.Cut(msg, " ")
	if !ok || !strings.Contains(at, ".go:") {
		d.logger.Warn(msg, "driver", d.driver)
		return
	}
	d.logger.Warn(rest, "driver", d.driver, "at", at)
}
