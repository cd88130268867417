package querylimit

import "bytes"

// JSONValues bounds from above the number of values in a JSON document
// (array elements and object members, at any depth) without decoding it:
// it counts the commas and opening brackets outside strings. Decoding a
// request's variables costs about 100 bytes of memory per value (gqlgen's
// map[string]any, then the coerced copy), so a megabyte of `[0,0,0,...]`
// would cost 95 MB; counting first costs nothing. The body must still be
// valid JSON for the decoder that reads it afterwards.
func JSONValues(body []byte) int {
	n := 1
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '"':
			end := stringEnd(body, i+1)
			if end < 0 {
				return n
			}
			i = end
		case ',', '[', '{':
			n++
		}
	}
	return n
}

// stringEnd is the index of the quote that closes the JSON string whose
// text starts at from, or -1. It jumps from quote to quote (bytes.IndexByte
// is vectorized): a quote preceded by an odd run of backslashes is escaped.
func stringEnd(body []byte, from int) int {
	for from <= len(body) {
		j := bytes.IndexByte(body[from:], '"')
		if j < 0 {
			return -1
		}
		q := from + j
		backslashes := 0
		for k := q - 1; k >= from && body[k] == '\\'; k-- {
			backslashes++
		}
		if backslashes%2 == 0 {
			return q
		}
		from = q + 1
	}
	return -1
}
