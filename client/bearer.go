package client

import (
	"errors"
	"net/http"

	"github.com/vektah/gqlparser/v2/gqlerror"
)

// BearerClient is base (http.DefaultClient when nil) sending token as the
// bearer token of every request; an empty token sends none.
func BearerClient(base *http.Client, token string) *http.Client {
	if base == nil {
		base = http.DefaultClient
	}
	c := *base
	next := c.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = bearer{token: token, next: next}
	return &c
}

type bearer struct {
	token string
	next  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if b.token == "" {
		return b.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// Code is the extensions.code of err's first GraphQL error (UNAUTHENTICATED,
// FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, RATE_LIMITED,
// INTERNAL_SERVER_ERROR, ...), or "" when err carries none.
func Code(err error) string {
	var list gqlerror.List
	if !errors.As(err, &list) || len(list) == 0 {
		return ""
	}
	code, _ := list[0].Extensions["code"].(string)
	return code
}
