package web

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// A new token's secret is shown once, on the page the create form redirects to, so
// that reloading that page neither repeats the POST nor shows the secret again. It
// crosses the redirect in a cookie that only that page reads, sealed (AES-GCM under
// a key derived from the flow key, bound to the session) so it is never readable at
// rest in the browser, and that the page deletes as it shows it. The server keeps
// no copy: the store holds only the token's hash.

const (
	tokenFlashPath = "/preferences/tokens"
	tokenFlashTTL  = 5 * time.Minute
)

// tokenFlash is what the cookie carries.
type tokenFlash struct {
	ID     string    `json:"id"`
	Secret string    `json:"secret"`
	At     time.Time `json:"at"`
}

func (w *Web) tokenFlashName() string {
	if w.secure {
		return "__Secure-harriet_new_token"
	}
	return "harriet_new_token"
}

func (w *Web) tokenFlashAEAD() (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, w.opts.FlowKey, nil, "harriet web: new API token shown once", 32)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// setTokenFlash hands the new secret to the next GET of the tokens page.
func (w *Web) setTokenFlash(rw http.ResponseWriter, r *http.Request, f tokenFlash) error {
	aead, err := w.tokenFlashAEAD()
	if err != nil {
		return err
	}
	plain, err := json.Marshal(f)
	if err != nil {
		return err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return err
	}
	sealed := aead.Seal(nonce, nonce, plain, []byte(w.sessionID(r)))
	http.SetCookie(rw, &http.Cookie{Name: w.tokenFlashName(), Value: base64.RawURLEncoding.EncodeToString(sealed),
		Path: tokenFlashPath, MaxAge: int(tokenFlashTTL.Seconds()), HttpOnly: true, Secure: w.secure,
		SameSite: http.SameSiteStrictMode})
	return nil
}

// takeTokenFlash reads and deletes the cookie; ok is false when there is none, or
// it does not open in this session, or it is too old.
func (w *Web) takeTokenFlash(rw http.ResponseWriter, r *http.Request) (tokenFlash, bool) {
	ck, err := r.Cookie(w.tokenFlashName())
	if err != nil {
		return tokenFlash{}, false
	}
	http.SetCookie(rw, &http.Cookie{Name: w.tokenFlashName(), Value: "", Path: tokenFlashPath, MaxAge: -1,
		HttpOnly: true, Secure: w.secure, SameSite: http.SameSiteStrictMode})
	f, err := w.openTokenFlash(ck.Value, w.sessionID(r))
	if err != nil || w.signin.Clock.Now().Sub(f.At) > tokenFlashTTL {
		return tokenFlash{}, false
	}
	return f, true
}

func (w *Web) openTokenFlash(value, sessionID string) (tokenFlash, error) {
	aead, err := w.tokenFlashAEAD()
	if err != nil {
		return tokenFlash{}, err
	}
	sealed, err := base64.RawURLEncoding.DecodeString(value)
	if err != nil || len(sealed) < aead.NonceSize() {
		return tokenFlash{}, errors.New("malformed")
	}
	plain, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], []byte(sessionID))
	if err != nil {
		return tokenFlash{}, err
	}
	var f tokenFlash
	err = json.Unmarshal(plain, &f)
	return f, err
}
