package web

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"harriet/core/usecase"
)

// flowIssuer and flowAudience mark a token as a Harriet sign-in flow cookie, so no
// other token signed with another subkey, or for another use, passes for one.
const (
	flowIssuer   = "harriet"
	flowAudience = "harriet/okta-flow"
)

// flowClaims are the flow's fields in the cookie's JWT.
type flowClaims struct {
	jwt.RegisteredClaims
	CompanyID  string `json:"cid"`
	OktaIssuer string `json:"oiss"`
	State      string `json:"st"`
	Nonce      string `json:"nn"`
	Verifier   string `json:"pv"`
	Email      string `json:"em,omitempty"`
	ReturnTo   string `json:"rt"`
}

// flowCodec signs and checks flow cookies (HS256 under the "flow-cookie" subkey) and
// remembers the flows this node finished, so a replayed cookie is refused here
// before any call to Okta (a code is single-use at Okta anyway).
type flowCodec struct {
	key []byte
	now func() time.Time

	mu   sync.Mutex
	used map[string]time.Time // flow ID → its expiry
}

// maxUsedFlows bounds the replay memory; expired entries go first.
const maxUsedFlows = 100_000

func newFlowCodec(key []byte, now func() time.Time) *flowCodec {
	return &flowCodec{key: key, now: now, used: map[string]time.Time{}}
}

func (c *flowCodec) encode(f usecase.LoginFlow) (string, error) {
	claims := flowClaims{
		RegisteredClaims: jwt.RegisteredClaims{ID: f.ID, Issuer: flowIssuer, Audience: jwt.ClaimStrings{flowAudience},
			IssuedAt: jwt.NewNumericDate(c.now()), ExpiresAt: jwt.NewNumericDate(f.ExpiresAt)},
		CompanyID: f.CompanyID, OktaIssuer: f.Issuer, State: f.State, Nonce: f.Nonce, Verifier: f.Verifier,
		Email: f.Email, ReturnTo: f.ReturnTo,
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(c.key)
}

// decode checks the signature (HS256 only), issuer, audience and expiry.
func (c *flowCodec) decode(raw string) (*usecase.LoginFlow, error) {
	var claims flowClaims
	_, err := jwt.ParseWithClaims(raw, &claims, func(*jwt.Token) (any, error) { return c.key, nil },
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}), jwt.WithIssuer(flowIssuer),
		jwt.WithAudience(flowAudience), jwt.WithExpirationRequired(), jwt.WithTimeFunc(c.now))
	if err != nil {
		return nil, err
	}
	if claims.ID == "" || claims.CompanyID == "" || claims.State == "" {
		return nil, errors.New("the flow cookie lacks fields")
	}
	return &usecase.LoginFlow{ID: claims.ID, CompanyID: claims.CompanyID, Issuer: claims.OktaIssuer,
		State: claims.State, Nonce: claims.Nonce, Verifier: claims.Verifier, Email: claims.Email,
		ReturnTo: usecase.SafeReturnPath(claims.ReturnTo), ExpiresAt: claims.ExpiresAt.Time}, nil
}

// consume marks a flow finished; false when this node already finished it.
func (c *flowCodec) consume(f *usecase.LoginFlow) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	if _, seen := c.used[f.ID]; seen {
		return false
	}
	if len(c.used) >= maxUsedFlows {
		for id, exp := range c.used {
			if now.After(exp) {
				delete(c.used, id)
			}
		}
	}
	if len(c.used) < maxUsedFlows {
		c.used[f.ID] = f.ExpiresAt
	}
	return true
}

// flowCookieName is __Secure- prefixed on https, so only a secure page can set it.
func (w *Web) flowCookieName() string {
	if w.secure {
		return "__Secure-harriet_flow"
	}
	return "harriet_flow"
}

// setFlowCookie hands the flow to the browser, sent back only to the callback path.
func (w *Web) setFlowCookie(rw http.ResponseWriter, f usecase.LoginFlow) error {
	v, err := w.flows.encode(f)
	if err != nil {
		return err
	}
	http.SetCookie(rw, &http.Cookie{Name: w.flowCookieName(), Value: v, Path: "/bots/okta/",
		MaxAge: int(f.ExpiresAt.Sub(w.flows.now()).Seconds()) + 1, HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
	return nil
}

func (w *Web) clearFlowCookie(rw http.ResponseWriter) {
	http.SetCookie(rw, &http.Cookie{Name: w.flowCookieName(), Value: "", Path: "/bots/okta/", MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteLaxMode})
}

// flowFrom reads the request's flow cookie; nil with the reason when there is none
// that holds.
func (w *Web) flowFrom(r *http.Request) (*usecase.LoginFlow, string) {
	ck, err := r.Cookie(w.flowCookieName())
	if err != nil || ck.Value == "" {
		return nil, "no flow cookie"
	}
	f, err := w.flows.decode(ck.Value)
	if err != nil {
		return nil, "flow cookie refused: " + err.Error()
	}
	if !w.flows.consume(f) {
		return nil, "flow cookie already used on this node"
	}
	return f, ""
}
