// A webhook handler on net/http alone: go run ./examples/server PORT CAPTURE_DIR [--reserialize],
// with the secret in AUTOSANA_WEBHOOK_SECRET. With --reserialize it makes the classic mistake (it
// verifies a body decoded and encoded again), which the end-to-end tests use to show that
// `autosana-webhook verify --explain --request` finds the cause in the captured file; without
// it, autosanawebhook.Middleware does the verifying.
package main

import (
	"encoding/json"
	"io"
	"log"
	"net/http"
	"os"
	"strconv"

	"autosanawebhook"
)

func main() {
	port, captureDir := os.Args[1], os.Args[2]
	secrets := []string{os.Getenv("AUTOSANA_WEBHOOK_SECRET")}
	accepted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"reason":"ok"}`))
	})
	handler := autosanawebhook.Middleware(secrets, autosanawebhook.MiddlewareOptions{CaptureDir: captureDir}, accepted)
	if len(os.Args) > 3 && os.Args[3] == "--reserialize" {
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			raw, _ := io.ReadAll(r.Body)
			var decoded any
			if err := json.Unmarshal(raw, &decoded); err != nil {
				http.Error(w, "not JSON", http.StatusBadRequest)
				return
			}
			body, _ := json.Marshal(decoded) // the mistake: these are not the bytes that were signed
			header := r.Header.Get(autosanawebhook.Header)
			result := autosanawebhook.Verify(body, &header, secrets, autosanawebhook.Options{})
			if !result.Valid {
				fields := []autosanawebhook.HeaderField{{Name: "Host", Value: r.Host},
					{Name: autosanawebhook.Header, Value: header},
					{Name: "Content-Type", Value: r.Header.Get("Content-Type")},
					{Name: "Content-Length", Value: strconv.Itoa(len(body))}}
				autosanawebhook.Capture(captureDir, r.Method, r.URL.RequestURI(), fields, body, autosanawebhook.CaptureOptions{})
				http.Error(w, result.Reason, http.StatusUnauthorized)
				return
			}
			accepted.ServeHTTP(w, r)
		})
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+port, handler))
}
