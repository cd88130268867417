package testserver

import "orgraph/internal/database"

// Replica starts a second Orgraph on s's database, as another server
// process behind the same load balancer: its own handler, services,
// connection pool, log and mail worker. opts change its configuration (a
// copy of s's). It stops when the test ends.
func (s *Server) Replica(opts ...Option) *Server {
	s.t.Helper()
	cfg := *s.Config
	for _, o := range opts {
		o(&cfg)
	}
	db, err := database.Open(cfg.DatabaseURL)
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { db.Close() })
	r := newServer(s.t, &cfg, db)
	r.start()
	return r
}
