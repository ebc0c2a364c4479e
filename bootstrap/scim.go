package bootstrap

import (
	"net/http"

	"github.com/gorilla/mux"
	"github.com/sirupsen/logrus"

	"harriet/adapters/httpmw"
	"harriet/adapters/scimapi"
)

// mountSCIM mounts SCIM 2.0 under /scim/v2: API tokens only (no sessions), the
// per-company rate limit of --scim-rate on this node, and the SCIM adapter's
// errors and notices in the request's log context.
func (a *App) mountSCIM(r *mux.Router) {
	var limiter scimapi.Limiter // nil: no limit (--scim-rate 0)
	if l := httpmw.NewSCIMLimiter(a.Config.SCIMRate, a.Metrics); l != nil {
		limiter = l
	}
	opts := scimapi.Options{
		PublicURL: a.Config.PublicURL,
		Logger: func(req *http.Request, err error) {
			a.Log.WithField("request_id", httpmw.RequestIDFrom(req.Context())).WithError(err).Error("SCIM request failed")
		},
		Notice: func(req *http.Request, msg string, fields map[string]any) {
			a.Log.WithFields(logrus.Fields(fields)).WithField("request_id", httpmw.RequestIDFrom(req.Context())).Warn(msg)
		},
	}
	scimapi.New(a.Service, a.Auth.BearerOnly(), limiter, opts).Register(r)
}
