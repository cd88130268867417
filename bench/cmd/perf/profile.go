package main

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

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
		p.done <- fetch(fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), filepath.Join(dir, name+"-cpu.pprof"))
	}()
	return p
}

func (p *profiler) finish() error {
	if err := <-p.done; err != nil {
		return err
	}
	if err := fetch("http://"+p.addr+"/debug/pprof/allocs", filepath.Join(p.dir, p.name+"-allocs.pprof")); err != nil {
		return err
	}
	log.Printf("profiles of %s in %s", p.name, p.dir)
	return nil
}

func fetch(u, path string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: status %d", u, resp.StatusCode)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, resp.Body)
	return err
}
