package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"harriet/tests/fixture"
)

// Crash test sizes: enough writers to keep commits overlapping, and a kill well into
// the stream.
const (
	crashWorkers      = 6
	crashKillAfter    = 120 // acknowledged creates before the SIGKILL
	crashMaxPerWorker = 2000
)

// ack is a create the server acknowledged with 201.
type ack struct{ id, userName string }

// TestCrashKeepsEveryAcknowledgedCreate runs the real binary on bbolt, kills it with
// SIGKILL while several clients are creating users over SCIM, restarts it on the same
// file and checks SPEC.md's promise: every 201 is durable, every acknowledged user
// is found by ID and by the userName filter (the indexes agree with the records), and
// the list holds exactly as many users as it says.
func TestCrashKeepsEveryAcknowledgedCreate(t *testing.T) {
	t.Parallel()
	bin := buildHarriet(t)
	dir := t.TempDir()
	store := "bbolt:" + filepath.Join(dir, "harriet.db")
	run := fixture.NewRunNumber()
	slug, email := "crash-"+run, "owner@crash"+run+".test"

	var boot struct {
		Company string `json:"company"`
		OwnerID string `json:"owner_id"`
	}
	out := runCLI(t, bin, "bootstrap", "--company", slug, "--name", "Crash Test Inc", "--owner-email", email, "--store", store)
	if err := json.Unmarshal([]byte(strings.TrimSpace(out)), &boot); err != nil || boot.Company != slug || boot.OwnerID == "" {
		t.Fatalf("bootstrap printed %q (%v)", out, err)
	}
	token := strings.TrimSpace(runCLI(t, bin, "token", "create", "--company", slug, "--user", email, "--name", "crash test", "--store", store))

	idp := startIdP(t)
	addr := freeAddr(t)
	args := []string{"--store", store, "--scim-rate", "0", "--auth-fail-limit", "0", "--allow-insecure-idp", "--log-format", "json"}
	logPath := filepath.Join(dir, "serve.log")
	srv := startServe(t, bin, addr, logPath, args...)
	c := newClient("http://"+addr, token)
	saveIntegration(t, c, "crash"+run+".test", idp.URL())

	acked, attempted := hammerAndKill(t, c, srv, run)
	t.Logf("killed after %d acknowledged creates (%d attempted)", len(acked), attempted)

	startServe(t, bin, addr, logPath, args...) // on the same file
	checkAcknowledged(t, c, acked)
	checkListAgrees(t, c, acked, attempted)
}

// hammer creates users from several goroutines against one server.
type hammer struct {
	c   client
	srv *serveProc
	run string

	mu        sync.Mutex
	acked     []ack
	problems  []string
	attempted atomic.Int64
	afterKill atomic.Int64 // creates that failed because the server was gone
	killOnce  sync.Once
	killed    chan struct{}
}

// hammerAndKill creates users from crashWorkers goroutines and SIGKILLs the server
// once crashKillAfter creates were acknowledged, while the others are in flight. It
// returns the acknowledged creates and how many creates were attempted.
func hammerAndKill(t *testing.T, c client, srv *serveProc, run string) ([]ack, int) {
	t.Helper()
	h := &hammer{c: c, srv: srv, run: run, killed: make(chan struct{})}
	var wg sync.WaitGroup
	for w := range crashWorkers {
		wg.Go(func() { h.worker(w) })
	}
	wg.Wait()
	srv.kill(t)
	if len(h.problems) > 0 {
		t.Fatalf("creates failed before the kill:\n%s\n%s", strings.Join(h.problems, "\n"), srv.logTail())
	}
	if ws, ok := srv.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("the server was not killed by SIGKILL: %v", srv.cmd.ProcessState)
	}
	if h.afterKill.Load() == 0 {
		t.Fatal("no create was in flight when the server was killed; the test did not crash it mid-stream")
	}
	for _, a := range h.acked {
		if a.id == "" || a.userName == "" {
			t.Fatalf("a 201 answer lacked id or userName: %+v", a)
		}
	}
	return h.acked, int(h.attempted.Load())
}

// kill sends SIGKILL once, without waiting, so the other workers are cut mid-request.
// killed closes first: a worker whose request fails must already see that the
// failure is the kill's.
func (h *hammer) kill() {
	h.killOnce.Do(func() {
		close(h.killed)
		_ = h.srv.cmd.Process.Signal(syscall.SIGKILL)
	})
}

// worker creates users one after another until the server is killed. A failure
// before the kill is a problem (and triggers the kill, to end the test); after it,
// failures are expected and end the worker.
func (h *hammer) worker(w int) {
	for i := range crashMaxPerWorker {
		name := fmt.Sprintf("crash.%d.%d.%s@acme.test", w, i, h.run)
		h.attempted.Add(1)
		status, body, err := h.c.try(http.MethodPost, "/scim/v2/Users", oktaUser(name, fmt.Sprintf("00ucrash%d%d", w, i)))
		ok := err == nil && status == http.StatusCreated
		select {
		case <-h.killed:
			if !ok {
				h.afterKill.Add(1)
				return
			}
		default:
		}
		if !ok {
			h.mu.Lock()
			h.problems = append(h.problems, fmt.Sprintf("%s before the kill: status %d, err %v, body %s", name, status, err, clip(body)))
			h.mu.Unlock()
			h.kill()
			return
		}
		var u map[string]any
		_ = json.Unmarshal(body, &u)
		h.mu.Lock()
		h.acked = append(h.acked, ack{id: str(u, "id"), userName: str(u, "userName")})
		n := len(h.acked)
		h.mu.Unlock()
		if n >= crashKillAfter {
			h.kill()
		}
	}
}

// checkAcknowledged finds every acknowledged user by ID and by the userName filter.
func checkAcknowledged(t *testing.T, c client, acked []ack) {
	t.Helper()
	for _, a := range acked {
		u := c.mustJSON(t, http.MethodGet, "/scim/v2/Users/"+a.id, nil, http.StatusOK)
		if str(u, "userName") != a.userName || u["active"] != true {
			t.Fatalf("after the crash %s reads back as %v", a.userName, u)
		}
		res, total := resources(t, c.mustJSON(t, http.MethodGet, eqFilter("Users", "userName", a.userName), nil, http.StatusOK))
		if total != 1 || len(res) != 1 || str(res[0], "id") != a.id {
			t.Fatalf("after the crash the userName filter for %s finds %d (%v), want exactly %s", a.userName, total, res, a.id)
		}
	}
}

// checkListAgrees pages through every user: the list holds as many users as it
// announces, no ID twice, every acknowledged user, nothing that was never attempted,
// and each listed user is found by its userName (no record without its index).
func checkListAgrees(t *testing.T, c client, acked []ack, attempted int) {
	t.Helper()
	listed, total := listAll(t, c, "Users")
	if len(listed) != total {
		t.Fatalf("the list announces totalResults %d but holds %d users", total, len(listed))
	}
	byID := map[string]map[string]any{}
	for _, u := range listed {
		if _, dup := byID[str(u, "id")]; dup {
			t.Fatalf("user %s is listed twice", str(u, "id"))
		}
		byID[str(u, "id")] = u
	}
	for _, a := range acked {
		if _, ok := byID[a.id]; !ok {
			t.Fatalf("acknowledged user %s (%s) is missing from the list", a.userName, a.id)
		}
	}
	// the bootstrapped owner, every acknowledged create, and at most the creates in
	// flight at the kill
	if total < 1+len(acked) || total > 1+attempted {
		t.Fatalf("%d users listed; want between %d and %d", total, 1+len(acked), 1+attempted)
	}
	for id, u := range byID {
		res, n := resources(t, c.mustJSON(t, http.MethodGet, eqFilter("Users", "userName", str(u, "userName")), nil, http.StatusOK))
		if n != 1 || len(res) != 1 || str(res[0], "id") != id {
			t.Fatalf("listed user %s (%s): the userName filter finds %d %v", str(u, "userName"), id, n, res)
		}
	}
}
