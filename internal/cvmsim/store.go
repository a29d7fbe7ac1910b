package cvmsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// store holds the world as JSON, in memory or in one file. Every transaction decodes a fresh copy,
// so an action that fails half-way leaves nothing behind, and a process sharing the file always
// starts from the other processes' last write.
type store struct {
	path string // "" keeps the world in memory
	mu   sync.Mutex
	mem  []byte
	lock *os.File // the sidecar lock file, held with flock for the length of a transaction
}

func openStore(path string) (*store, error) {
	st := &store{path: path}
	if path == "" {
		return st, nil
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("cvmsim: opening the state lock: %w", err)
	}
	st.lock = f
	return st, nil
}

func (st *store) close() error {
	if st.lock == nil {
		return nil
	}
	return st.lock.Close()
}

// txn runs fn on the current world and, when write is set and fn succeeds, saves what fn left.
// The flock makes a read-modify-write atomic across processes (and across Sims in one process:
// each holds its own open file description).
func (st *store) txn(write bool, fn func(*world) error) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.lock != nil {
		if err := syscall.Flock(int(st.lock.Fd()), syscall.LOCK_EX); err != nil {
			return fmt.Errorf("cvmsim: locking the state: %w", err)
		}
		defer syscall.Flock(int(st.lock.Fd()), syscall.LOCK_UN)
	}
	w, err := st.load()
	if err != nil {
		return err
	}
	if err := fn(w); err != nil {
		return err
	}
	if !write {
		return nil
	}
	return st.save(w)
}

func (st *store) load() (*world, error) {
	raw := st.mem
	if st.path != "" {
		b, err := os.ReadFile(st.path)
		if errors.Is(err, fs.ErrNotExist) {
			return seedWorld(), nil
		}
		if err != nil {
			return nil, fmt.Errorf("cvmsim: reading the state: %w", err)
		}
		raw = b
	}
	if raw == nil {
		return seedWorld(), nil
	}
	var w world
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("cvmsim: the state file %s is not valid: %w", st.path, err)
	}
	if w.Quotas == nil {
		w.Quotas = map[string]int{}
	}
	return &w, nil
}

// save replaces the state atomically: a kill at any moment leaves either the old file or the new.
func (st *store) save(w *world) error {
	raw, err := json.MarshalIndent(w, "", " ")
	if err != nil {
		return fmt.Errorf("cvmsim: encoding the state: %w", err)
	}
	if st.path == "" {
		st.mem = raw
		return nil
	}
	dir := filepath.Dir(st.path)
	tmp, err := os.CreateTemp(dir, filepath.Base(st.path)+".tmp*")
	if err != nil {
		return fmt.Errorf("cvmsim: writing the state: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("cvmsim: writing the state: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("cvmsim: writing the state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("cvmsim: writing the state: %w", err)
	}
	if err := os.Rename(tmp.Name(), st.path); err != nil {
		return fmt.Errorf("cvmsim: writing the state: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
