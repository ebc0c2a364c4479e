package usecase

import "sync"

// keyHealth remembers that this process's root key did not open a company's saved
// Okta client secret at sign-in. That happens on a node started with another key
// than the one the secret was saved under (every node must have the same key), and
// the start-up check cannot see it when the secret was saved after this node
// started. /readyz reports it, so a load balancer stops sending this node sign-ins.
type keyHealth struct {
	mu      sync.Mutex
	company string // the company whose secret did not open; "" when healthy
}

func (k *keyHealth) failed(companyID string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.company = companyID
}

// opened clears the failure once the same company's secret opens (it was saved
// again through this node, or the node got the right key).
func (k *keyHealth) opened(companyID string) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.company == companyID {
		k.company = ""
	}
}

// KeyProblem says, for readiness, why this node's key is wrong; "" when it is not
// known to be. It names the company by ID (a readiness answer is not tenant-scoped,
// so it must not carry a company's name).
func (s *Service) KeyProblem() string {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if s.keys.company == "" {
		return ""
	}
	return "This node's secret key does not open the Okta client secret saved for company " + s.keys.company +
		": it was saved through a node started with another key. Give every node the same key and restart this one."
}
