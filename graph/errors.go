package graph

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-sql-driver/mysql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"orgraph/ent"
	"orgraph/ent/privacy"
	"orgraph/internal/errcode"
)

// presentError is the one error presenter: every error a client sees leaves
// through it with an extensions.code of internal/errcode (or gqlgen's parse
// and validation codes). Anything unexpected becomes INTERNAL_SERVER_ERROR
// with a fixed message; its cause is logged, never sent.
func presentError(logger *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		out := graphql.DefaultErrorPresenter(ctx, err)
		if c, coded := out.Extensions["code"].(string); coded {
			if !knownCodes[c] {
				// gqlgen extensions' codes (complexity limit, persisted
				// query not found) are the client's to fix; their
				// messages are kept, which is what APQ clients look at.
				out.Extensions["code"] = string(errcode.BadUserInput)
			}
			return out
		}
		var raw *gqlerror.Error
		if errors.As(err, &raw) && raw.Err == nil {
			// An error gqlgen made about the request itself (body not
			// JSON, no operation, unknown operation name).
			out.Extensions = map[string]any{"code": string(errcode.BadUserInput)}
			if strings.HasPrefix(out.Message, "json request body could not be decoded") {
				out.Message = "the request body is not valid JSON"
			}
			return out
		}
		code, message, field := classify(err)
		if code == errcode.Internal {
			if isDeadlock(err) {
				markRetry(ctx)
			}
			logger.ErrorContext(ctx, "internal error", "path", out.Path.String(), "err", err)
		}
		if field == "id" || field == "cursor" {
			// An ID or cursor that does not parse (the scalar cannot know
			// which argument it is): the argument's path names it.
			field = inputPathField(out.Path, field)
		}
		out.Message = message
		out.Extensions = map[string]any{"code": string(code)}
		if field != "" {
			out.Extensions["field"] = field
		}
		return out
	}
}

// knownCodes are the codes a client may see.
var knownCodes = map[string]bool{
	string(errcode.Unauthenticated): true, string(errcode.Forbidden): true,
	string(errcode.NotFound): true, string(errcode.BadUserInput): true,
	string(errcode.Conflict): true, string(errcode.RateLimited): true,
	string(errcode.Internal): true,
	errcode.ParseFailed:      true, errcode.ValidationFailed: true,
}

// classify maps an error to its code and the message safe to show.
func classify(err error) (code errcode.Code, message, field string) {
	var (
		coded      *errcode.Error
		validation *ent.ValidationError
	)
	switch {
	case errors.As(err, &coded):
		return coded.Code, coded.Message, coded.Field
	case errors.As(err, &validation):
		// One of ent's own validators (enum, length) failed: its text names
		// ent's internals, so the client gets the field only. Our
		// validators return an *errcode.Error, found by the case above.
		field := inputFieldName(validation.Name)
		return errcode.BadUserInput, field + " is invalid", field
	case rootCause(err).Error() == "introspection disabled":
		// gqlgen's answer to __schema and __type when introspection is off.
		return errcode.Forbidden, "introspection is disabled on this server", ""
	case strings.Contains(err.Error(), "cannot decode cursor"):
		// entgql's Cursor scalar refusing a client's after/before: the
		// argument's path names it.
		return errcode.BadUserInput, "not a valid cursor", "cursor"
	case ent.IsNotFound(err), errors.Is(err, privacy.Deny):
		// A read denied by privacy looks exactly like a missing object.
		return errcode.NotFound, "not found", ""
	case ent.IsConstraintError(err):
		return errcode.Conflict, "this conflicts with existing data", ""
	default:
		return errcode.Internal, "internal server error", ""
	}
}

// inputPathField is the last name in the path of an input error
// ([createProject input organizationID] is organizationID, [deleteAnnotations
// ids 3] is ids), or def when the path is only the root field's.
func inputPathField(path ast.Path, def string) string {
	for i := len(path) - 1; i > 0; i-- {
		if name, ok := path[i].(ast.PathName); ok {
			return string(name)
		}
	}
	return def
}

// inputFieldName is the GraphQL input field of an ent field:
// contact_email is contact.email, display_name displayName.
func inputFieldName(entField string) string {
	if rest, ok := strings.CutPrefix(entField, "contact_"); ok {
		return "contact." + rest
	}
	parts := strings.Split(entField, "_")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// rootCause is the innermost error of err's chain.
func rootCause(err error) error {
	for {
		inner := errors.Unwrap(err)
		if inner == nil {
			return err
		}
		err = inner
	}
}

// isDeadlock reports a transaction that MariaDB rolled back to break a
// deadlock or a lock wait timeout: retrying the request is safe.
func isDeadlock(err error) bool {
	var my *mysql.MySQLError
	return errors.As(err, &my) && (my.Number == 1213 || my.Number == 1205)
}

// recoverPanic turns a panic in a resolver into an internal error, logging
// the stack for us and sending nothing of it to the client.
func recoverPanic(logger *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		logger.ErrorContext(ctx, "panic in resolver", "panic", p, "stack", string(debug.Stack()))
		return errors.New("panic") // classified as INTERNAL_SERVER_ERROR
	}
}
