package cluster

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Proc is one process of the cluster: it can be killed (SIGKILL, as a
// crash) and started again with the same arguments, data and ports.
type Proc struct {
	Name string
	Bin  string
	Args []string
	Env  []string
	// Ready, when set, is the stdout line prefix the process prints once
	// it serves; the rest of that line is URL.
	Ready string
	URL   string

	logPath string
	logs    io.Writer // extra copy of stdout and stderr (may be nil)

	mu   sync.Mutex
	cmd  *exec.Cmd
	done chan struct{}
	err  error
}

// start starts the process and waits (up to timeout) for its Ready line.
func (p *Proc) start(ctx context.Context, timeout time.Duration) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd != nil && !p.exited() {
		return fmt.Errorf("%s is running", p.Name)
	}
	f, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("%s: log file: %w", p.Name, err)
	}
	var w io.Writer = f
	if p.logs != nil {
		w = io.MultiWriter(f, &prefixWriter{prefix: "[" + p.Name + "] ", w: p.logs})
	}
	cmd := exec.Command(p.Bin, p.Args...)
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.Stderr = w
	cmd.SysProcAttr = sysProcAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		f.Close()
		return err
	}
	if err := cmd.Start(); err != nil {
		f.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	p.cmd, p.done, p.err = cmd, make(chan struct{}), nil
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			fmt.Fprintln(w, sc.Text())
			if p.Ready != "" {
				if u, ok := strings.CutPrefix(sc.Text(), p.Ready); ok {
					select {
					case lines <- u:
					default:
					}
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	done := p.done
	go func() {
		err := cmd.Wait()
		f.Close()
		p.mu.Lock()
		p.err = err
		p.mu.Unlock()
		close(done)
	}()
	if p.Ready == "" {
		return nil
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case u := <-lines:
		p.URL = u
		return nil
	case <-done:
		return fmt.Errorf("%s exited before it was ready (log %s):\n%s", p.Name, p.logPath, tail(p.logPath, 20))
	case <-t.C:
		return fmt.Errorf("%s not ready within %s (log %s):\n%s", p.Name, timeout, p.logPath, tail(p.logPath, 20))
	case <-ctx.Done():
		return ctx.Err()
	}
}

// waitListening waits (up to timeout) until the process accepts TCP
// connections on addr; it fails at once, with the log's last lines, if
// the process ends first (a port it could not bind, say).
func (p *Proc) waitListening(ctx context.Context, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		if !p.Running() {
			return fmt.Errorf("%s exited at start (log %s):\n%s", p.Name, p.logPath, tail(p.logPath, 20))
		}
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			conn.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not listening on %s within %s (log %s):\n%s", p.Name, addr, timeout, p.logPath, tail(p.logPath, 20))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// exited reports whether the last started process ended. p.mu is held.
func (p *Proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// Running reports whether the process runs.
func (p *Proc) Running() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cmd != nil && !p.exited()
}

// Kill sends SIGKILL (a crash: nothing is flushed or closed) and waits for
// the process to end.
func (p *Proc) Kill() error { return p.signal(syscall.SIGKILL, 10*time.Second) }

// Stop sends SIGTERM (a graceful stop) and waits up to 30 s, then kills.
func (p *Proc) Stop() error {
	if err := p.signal(syscall.SIGTERM, 30*time.Second); err != nil {
		return p.Kill()
	}
	return nil
}

func (p *Proc) signal(sig syscall.Signal, wait time.Duration) error {
	p.mu.Lock()
	cmd, done := p.cmd, p.done
	p.mu.Unlock()
	if cmd == nil {
		return nil
	}
	select {
	case <-done:
		return nil
	default:
	}
	if err := cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("%s: %v: %w", p.Name, sig, err)
	}
	select {
	case <-done:
		return nil
	case <-time.After(wait):
		return fmt.Errorf("%s did not end within %s of %v", p.Name, wait, sig)
	}
}

// LogPath is the file holding the process's output.
func (p *Proc) LogPath() string { return p.logPath }

// tail returns the last n lines of the file at path.
func tail(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// prefixWriter prefixes every line written to w (writes are whole lines
// or parts of them; a line's parts may interleave with other processes').
type prefixWriter struct {
	mu     sync.Mutex
	prefix string
	w      io.Writer
	buf    []byte
}

func (pw *prefixWriter) Write(b []byte) (int, error) {
	pw.mu.Lock()
	defer pw.mu.Unlock()
	pw.buf = append(pw.buf, b...)
	for {
		i := strings.IndexByte(string(pw.buf), '\n')
		if i < 0 {
			break
		}
		fmt.Fprintf(pw.w, "%s%s\n", pw.prefix, pw.buf[:i])
		pw.buf = pw.buf[i+1:]
	}
	return len(b), nil
}

// Pid is the process id of the running process (0 if none).
func (p *Proc) Pid() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil || p.cmd.Process == nil || p.exited() {
		return 0
	}
	return p.cmd.Process.Pid
}
