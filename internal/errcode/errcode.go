// Package errcode defines the error codes that Orgraph puts in a GraphQL
// error's extensions.code, and an error type that carries one. Every error a
// client sees has one of these codes (or one of gqlgen's parse and
// validation codes); the error presenter in graph/ does the mapping.
package errcode

import (
	"errors"
	"fmt"
)

// Code is the value of extensions.code.
type Code string

// The codes of DEVELOPERS.md.
const (
	Unauthenticated Code = "UNAUTHENTICATED"
	Forbidden       Code = "FORBIDDEN"
	NotFound        Code = "NOT_FOUND"
	BadUserInput    Code = "BAD_USER_INPUT"
	Conflict        Code = "CONFLICT"
	RateLimited     Code = "RATE_LIMITED"
	Internal        Code = "INTERNAL_SERVER_ERROR"
)

// gqlgen's own codes for documents that do not parse or validate.
const (
	ParseFailed      = "GRAPHQL_PARSE_FAILED"
	ValidationFailed = "GRAPHQL_VALIDATION_FAILED"
)

// Error is an error meant for the client: its message is safe to show.
type Error struct {
	Code    Code
	Message string
	// Field names the input field at fault, when there is one.
	Field string
}

func (e *Error) Error() string { return e.Message }

// New returns an Error with a formatted message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns a BAD_USER_INPUT error about one input field.
func Invalid(field, message string) *Error {
	return &Error{Code: BadUserInput, Message: message, Field: field}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Is reports whether err carries code.
func Is(err error, code Code) bool {
	e, ok := As(err)
	return ok && e.Code == code
}

// Common errors. Not-found answers use one message whatever the reason, so
// that a client cannot tell "does not exist" from "not yours to see".
var (
	ErrUnauthenticated = New(Unauthenticated, "sign in first: send Authorization: Bearer <token>")
)

// NotFoundf returns the NOT_FOUND error for a kind of object.
func NotFoundf(kind string) *Error { return New(NotFound, "%s not found", kind) }
