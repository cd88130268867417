package main

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"orgraph/bench/proc"
)

// profiler fetches a CPU profile of the measured window of a run, then the
// allocation profile.
type profiler struct {
	addr, dir, name string
	done            chan error
}

func startProfile(addr, dir, name string, warmup, duration time.Duration) *profiler {
	p := &profiler{addr: addr, dir: dir, name: name, done: make(chan error, 1)}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.done <- err
		return p
	}
	go func() {
		time.Sleep(warmup)
		secs := max(1, int(duration.Seconds())-1)
		p.done <- proc.Download(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), filepath.Join(dir, name+"-cpu.pprof"))
	}()
	return p
}

func (p *profiler) finish() error {
	if err := <-p.done; err != nil {
		return err
	}
	if err := proc.Download("http://"+p.addr+"/debug/pprof/allocs", filepath.Join(p.dir, p.name+"-allocs.pprof")); err != nil {
		return err
	}
	log.Printf("profiles of %s in %s", p.name, p.dir)
	return nil
}
