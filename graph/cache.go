package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// sizedCache is a least-recently-used cache bounded by the bytes its entries
// hold, not only by their number: gqlgen's lru counts entries, and 1,000
// documents of a few kilobytes of text each hold hundreds of megabytes of
// syntax trees (about 40 bytes of tree per byte of text, measured). The
// size of an entry is estimated from its text by size.
type sizedCache[V any] struct {
	mu     sync.Mutex
	lru    *simplelru.LRU[string, sizedEntry[V]]
	bytes  int
	budget int
	size   func(key string, v V) int
}

type sizedEntry[V any] struct {
	v    V
	size int
}

var _ graphql.Cache[string] = (*sizedCache[string])(nil)

func newSizedCache[V any](entries, budget int, size func(key string, v V) int) *sizedCache[V] {
	c := &sizedCache[V]{budget: budget, size: size}
	c.lru, _ = simplelru.NewLRU(entries, func(_ string, e sizedEntry[V]) { c.bytes -= e.size })
	return c
}

func (c *sizedCache[V]) Get(_ context.Context, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(key)
	return e.v, ok
}

// Add keeps v unless it alone is over the budget, evicting the least
// recently used entries until the cache is within its budget again.
func (c *sizedCache[V]) Add(_ context.Context, key string, v V) {
	n := c.size(key, v)
	if n > c.budget {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key)
	c.lru.Add(key, sizedEntry[V]{v, n})
	c.bytes += n
	for c.bytes > c.budget {
		c.lru.RemoveOldest()
	}
}
