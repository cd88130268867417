package querylimit

// JSONValues bounds from above the number of values in a JSON document
// (array elements and object members, at any depth) without decoding it:
// it counts the commas and opening brackets outside strings. Decoding a
// request's variables costs about 100 bytes of memory per value (gqlgen's
// map[string]any, then the coerced copy), so a megabyte of `[0,0,0,...]`
// would cost 95 MB; counting first costs nothing. The body must still be
// valid JSON for the decoder that reads it afterwards.
func JSONValues(body []byte) int {
	n, inString, escaped := 1, false, false
	for _, b := range body {
		switch {
		case escaped:
			escaped = false
		case inString:
			switch b {
			case '\\':
				escaped = true
			case '"':
				inString = false
			}
		case b == '"':
			inString = true
		case b == ',', b == '[', b == '{':
			n++
		}
	}
	return n
}
