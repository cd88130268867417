package observe

import (
	"crypto/rand"
	"encoding/hex"
)

// HeaderRequestID is the request and response header of the request id.
const HeaderRequestID = "X-Request-Id"

// maxRequestIDLength bounds an id taken from a request.
const maxRequestIDLength = 128

// requestID is the id sent in the request's X-Request-ID when it is sane
// (1 to 128 characters of letters, digits and -_.:+/=, enough for UUIDs,
// ULIDs, trace ids and base64), otherwise a new random one. An id from the
// client is only a label for the logs: it decides nothing, and a client
// that reuses another's id only confuses its own lines.
func requestID(given []string) string {
	if len(given) == 1 && saneRequestID(given[0]) {
		return given[0]
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	return hex.EncodeToString(b[:])
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch c := id[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-', c == '_', c == '.', c == ':', c == '+', c == '/', c == '=':
		default:
			return false
		}
	}
	return true
}
