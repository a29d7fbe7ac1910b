package cvmsim

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"time"
)

// maxBody is the cloud's limit for a signature-v3 POST.
const maxBody = 10 << 20

// serviceVersions are the services the emulator answers, by the credential scope's service.
var serviceVersions = map[string]string{"cvm": "2017-03-12", "cbs": "2017-03-12", "tag": "2018-08-13"}

// call is one authenticated request on its way to an action.
type call struct {
	account account
	region  string
	now     time.Time
	body    []byte
}

func (c *call) decode(v any) *apiError {
	if len(c.body) == 0 {
		return nil
	}
	if err := json.Unmarshal(c.body, v); err != nil {
		return errorf("InvalidParameter", "The request body could not be decoded: %v", err)
	}
	return nil
}

func (s *Sim) serveAPI(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		s.writeError(w, errorf("InvalidParameter", "The request body could not be read."))
		return
	}
	if len(body) > maxBody {
		s.writeError(w, errorf("RequestSizeLimitExceeded", "The request body exceeds 10 MB."))
		return
	}
	if r.Method != http.MethodPost && r.Method != http.MethodGet {
		s.writeError(w, errorf("UnsupportedProtocol", "The API accepts only GET and POST requests, not %s.", r.Method))
		return
	}
	now := s.now()
	acct, service, aerr := authenticate(r, body, now)
	if aerr != nil {
		s.writeError(w, aerr)
		return
	}
	key, act, region, aerr := route(r, service)
	if aerr != nil {
		s.writeError(w, aerr)
		return
	}
	s.countCall(key, act.write)
	plan := s.planFaults(acct.ID, key, now)
	if plan.latency > 0 {
		select {
		case <-time.After(plan.latency):
		case <-r.Context().Done():
			return
		}
	}
	if plan.err != nil {
		s.writeError(w, plan.err)
		return
	}
	// A GET carries its parameters in the query string (the signature covered it as received);
	// from here on it is the JSON object a POST would have sent.
	if r.Method == http.MethodGet {
		if body, aerr = queryToJSON(r.URL.RawQuery, act.params); aerr != nil {
			s.writeError(w, aerr)
			return
		}
	}
	if aerr := checkParams(body, act.params); aerr != nil {
		s.writeError(w, aerr)
		return
	}
	c := &call{account: acct, region: region, now: now, body: body}
	var out any
	err = s.store.txn(act.write, func(wd *world) error {
		o, e := act.run(s, c, wd)
		if e != nil {
			return e
		}
		out = o
		return nil
	})
	if plan.lost {
		dropConnection(w)
		return
	}
	if err != nil {
		if e := (*apiError)(nil); errors.As(err, &e) {
			s.writeError(w, e)
		} else {
			s.writeError(w, errorf("InternalError", "%v", err))
		}
		return
	}
	writeResponse(w, out)
}

// route finds the action from the service, X-TC-Version and X-TC-Action, and checks X-TC-Region.
func route(r *http.Request, service string) (string, action, string, *apiError) {
	version, ok := serviceVersions[service]
	if !ok {
		return "", action{}, "", errorf("InvalidAction", "The service `%s` is not served by this endpoint.", service)
	}
	v := r.Header.Get("X-TC-Version")
	if v == "" {
		return "", action{}, "", errorf("MissingParameter", "The request is missing the required header `X-TC-Version`.")
	}
	name := r.Header.Get("X-TC-Action")
	if name == "" {
		return "", action{}, "", errorf("MissingParameter", "The request is missing the required header `X-TC-Action`.")
	}
	if v != version {
		return "", action{}, "", errorf("NoSuchVersion", "The API version `%s` of service `%s` does not exist; use %s.", v, service, version)
	}
	key := service + "." + name
	act, ok := lookupAction(key)
	if !ok {
		return "", action{}, "", errorf("InvalidAction", "The action `%s` of service `%s` is not found.", name, service)
	}
	region := r.Header.Get("X-TC-Region")
	// Tag calls are global; CVM and CBS calls act in the region the header names.
	if service != "tag" {
		if region == "" {
			return "", action{}, "", errorf("MissingParameter", "The request is missing the required header `X-TC-Region`.")
		}
		if !knownRegion(region) {
			return "", action{}, "", errorf("UnsupportedRegion", "The region `%s` is not supported.", region)
		}
	}
	return key, act, region, nil
}
