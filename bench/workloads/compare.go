package workloads

import (
	"encoding/json"
	"fmt"
	"reflect"
)

// SameData compares two JSON responses ignoring cursor values.
func SameData(a, b []byte) error {
	var x, y any
	if err := json.Unmarshal(a, &x); err != nil {
		return err
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return err
	}
	strip(x)
	strip(y)
	if !reflect.DeepEqual(x, y) {
		ja, _ := json.Marshal(x)
		jb, _ := json.Marshal(y)
		i := 0
		for i < len(ja) && i < len(jb) && ja[i] == jb[i] {
			i++
		}
		from := max(0, i-200)
		return fmt.Errorf("first difference at byte %d:\n orgraph: %.400s\n floor:   %.400s", i, ja[from:], jb[from:])
	}
	return nil
}

func strip(v any) {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if k == "endCursor" || k == "cursor" || k == "startCursor" {
				delete(t, k)
				continue
			}
			strip(e)
		}
	case []any:
		for _, e := range t {
			strip(e)
		}
	}
}
