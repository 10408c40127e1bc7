package autosanawebhook

import (
	"bytes"
	"io"
	"net/http"
	"sort"
	"strconv"
)

// MiddlewareOptions: Options for Verify; CaptureDir, when set, keeps failed requests there;
// MaxBody bounds the body read (10 MiB when zero).
type MiddlewareOptions struct {
	Options
	CaptureDir string
	MaxBody    int64
}

// Middleware verifies each request before next sees it: 401 when the signature does not hold,
// otherwise next gets the request with its body as received.
func Middleware(secrets []string, options MiddlewareOptions, next http.Handler) http.Handler {
	if options.MaxBody <= 0 {
		options.MaxBody = 10 << 20
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, options.MaxBody))
		if err != nil {
			http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
			return
		}
		var header *string
		if values, ok := r.Header[http.CanonicalHeaderKey(Header)]; ok && len(values) > 0 {
			header = &values[0]
		}
		result := Verify(raw, header, secrets, options.Options)
		if !result.Valid {
			if options.CaptureDir != "" {
				Capture(options.CaptureDir, r.Method, r.URL.RequestURI(), fieldsOf(r, len(raw)), raw, CaptureOptions{})
			}
			http.Error(w, result.Reason, http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(raw))
		next.ServeHTTP(w, r)
	})
}

// fieldsOf: the request's fields as Go keeps them (canonical names; Go does not keep their
// order), with Host and the body's length.
func fieldsOf(r *http.Request, length int) []HeaderField {
	fields := []HeaderField{{"Host", r.Host}}
	names := make([]string, 0, len(r.Header))
	for name := range r.Header {
		if name != "Content-Length" {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	for _, name := range names {
		for _, value := range r.Header[name] {
			fields = append(fields, HeaderField{name, value})
		}
	}
	return append(fields, HeaderField{"Content-Length", strconv.Itoa(length)})
}
