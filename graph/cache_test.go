package graph

import (
	"context"
	"strings"
	"testing"
)

func TestSizedCacheKeepsItsBudget(t *testing.T) {
	ctx := context.Background()
	c := newSizedCache(1000, 100, func(k, v string) int { return len(k) + len(v) })
	c.Add(ctx, "a", strings.Repeat("x", 39)) // 40
	c.Add(ctx, "b", strings.Repeat("x", 39)) // 80
	c.Get(ctx, "a")                          // b is now the least recently used
	c.Add(ctx, "c", strings.Repeat("x", 39)) // 120: b goes
	if _, ok := c.Get(ctx, "b"); ok {
		t.Error("b was kept over the budget")
	}
	for _, k := range []string{"a", "c"} {
		if _, ok := c.Get(ctx, k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	if c.bytes != 80 {
		t.Errorf("the cache counts %d bytes, want 80", c.bytes)
	}
	c.Add(ctx, "a", strings.Repeat("y", 9)) // replaces a: 10 + 40
	if v, _ := c.Get(ctx, "a"); v != strings.Repeat("y", 9) || c.bytes != 50 {
		t.Errorf("replacing a: %q, %d bytes", v, c.bytes)
	}
	c.Add(ctx, "huge", strings.Repeat("x", 200)) // over the whole budget: not kept
	if _, ok := c.Get(ctx, "huge"); ok || c.bytes != 50 {
		t.Errorf("an entry over the budget was kept (%d bytes)", c.bytes)
	}
}
