package server

import (
	"time"

	"github.com/errcat/errcat/catalog/diag"
)

// A ReloadState says how the latest load of a Server's catalog went: when the
// catalog it serves was loaded, and whether a later attempt failed. A failed
// reload leaves the last good catalog in service, so it does not make the
// server unready; without this state it would show only in the log, and a
// translator whose save was rejected would see the old text and not know why.
type ReloadState struct {
	// LastGood is when the last good catalog was loaded: the one being
	// served, or one with the same content. Zero before any.
	LastGood time.Time
	// FailedAt is when the latest reload failed, zero unless the latest
	// attempt did: a load that succeeds clears it.
	FailedAt time.Time
	// Diagnostics are the failed reload's problems, sorted, with file and
	// line: the first MaxReloadDiagnostics of them, More says how many
	// others.
	Diagnostics []diag.Diagnostic
	More        int
}

// MaxReloadDiagnostics bounds the diagnostics a ReloadState keeps of a
// failed reload, as the log does: a folder of broken files could have
// thousands, and /readyz and every status page repeat them.
const MaxReloadDiagnostics = 20

// Failed reports whether the latest reload failed, so that the catalog
// being served is older than the folder.
func (rs ReloadState) Failed() bool { return !rs.FailedAt.IsZero() }

// ReloadState returns how the latest load of the server's catalog went. It is
// safe to call while a reload runs.
func (s *Server) ReloadState() ReloadState {
	if r := s.reloadState.Load(); r != nil {
		return r.state
	}
	return ReloadState{}
}

// A reloadRecord is a ReloadState with its /readyz member, encoded once
// when the state changes rather than on every probe.
type reloadRecord struct {
	state ReloadState
	json  []byte
}

// loadedGood records that a good catalog was loaded at t: it clears a
// failure.
func (s *Server) loadedGood(t time.Time) {
	s.reloadStateMu.Lock()
	defer s.reloadStateMu.Unlock()
	s.storeReloadState(ReloadState{LastGood: t})
	s.metrics.reloadLastSuccess.Set(float64(t.UnixNano()) / 1e9)
	s.metrics.reloadLastOK.Set(1)
}

// reloadFailed records that a reload failed at t with ds; the last good
// load's time is kept, since that catalog is still served.
func (s *Server) reloadFailed(t time.Time, ds []diag.Diagnostic) {
	s.reloadStateMu.Lock()
	defer s.reloadStateMu.Unlock()
	st := ReloadState{LastGood: s.ReloadState().LastGood, FailedAt: t}
	if len(ds) > MaxReloadDiagnostics {
		st.More = len(ds) - MaxReloadDiagnostics
		ds = ds[:MaxReloadDiagnostics]
	}
	// A copy: the caller's slice is the LoadError's, which it may keep.
	st.Diagnostics = append([]diag.Diagnostic(nil), ds...)
	s.storeReloadState(st)
	s.metrics.reloadLastOK.Set(0)
}

func (s *Server) storeReloadState(st ReloadState) {
	s.reloadState.Store(&reloadRecord{state: st, json: appendReload(nil, st)})
}
