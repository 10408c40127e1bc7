package autosanawebhook

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

type vectorCase struct {
	Name          string   `json:"name"`
	BodyBase64    string   `json:"body_base64"`
	Secrets       []string `json:"secrets"`
	Header        *string  `json:"header"`
	MaxAgeSeconds *int64   `json:"max_age_seconds"`
	Now           *string  `json:"now"`
	Expected      struct {
		Valid       bool   `json:"valid"`
		Reason      string `json:"reason"`
		SecretIndex *int   `json:"secret_index"`
	} `json:"expected"`
}

func vectors(t *testing.T) []vectorCase {
	path := os.Getenv("AUTOSANA_VECTORS")
	if path == "" {
		path = filepath.Join("..", "vectors.json")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var document struct {
		Format string       `json:"format"`
		Cases  []vectorCase `json:"cases"`
	}
	if err := json.Unmarshal(data, &document); err != nil {
		t.Fatal(err)
	}
	if document.Format != "autosana-webhook.vectors/1" || len(document.Cases) < 25 {
		t.Fatalf("unexpected vectors: %s, %d cases", document.Format, len(document.Cases))
	}
	return document.Cases
}

func TestEveryVector(t *testing.T) {
	for _, c := range vectors(t) {
		t.Run(c.Name, func(t *testing.T) {
			body, err := base64.StdEncoding.DecodeString(c.BodyBase64)
			if err != nil {
				t.Fatal(err)
			}
			var options Options
			if c.MaxAgeSeconds != nil {
				options.MaxAge = time.Duration(*c.MaxAgeSeconds) * time.Second
				options.Now, _ = time.Parse(time.RFC3339Nano, *c.Now)
			}
			got := Verify(body, c.Header, c.Secrets, options)
			index := -1
			if c.Expected.SecretIndex != nil {
				index = *c.Expected.SecretIndex
			}
			if got.Valid != c.Expected.Valid || got.Reason != c.Expected.Reason || got.SecretIndex != index {
				t.Fatalf("got %+v, want valid=%v reason=%s index=%d", got, c.Expected.Valid, c.Expected.Reason, index)
			}
			for _, secret := range c.Secrets {
				if secret != "" && strings.Contains(got.Message, secret) {
					t.Fatal("the message holds a secret")
				}
			}
		})
	}
}

func TestCaptureIsTheSavedFormatMode600AndBounded(t *testing.T) {
	dir := t.TempDir()
	var lines []string
	logf := func(format string, args ...any) { lines = append(lines, format) }
	path, err := Capture(dir, "POST", "/hooks?x=1", []HeaderField{{"Host", "example.com"}}, []byte(`{"a": 1}`), CaptureOptions{Logf: logf})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if string(data) != "POST /hooks?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n{\"a\": 1}" {
		t.Fatalf("%q", data)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", info.Mode().Perm())
	}
	if !strings.Contains(lines[0], "autosana-webhook verify --explain --request") {
		t.Fatal(lines)
	}
	var paths []string
	for i := 0; i < 5; i++ {
		p, _ := Capture(dir, "POST", "/", nil, []byte{byte('0' + i)}, CaptureOptions{MaxFiles: 3, Logf: logf})
		paths = append(paths, filepath.Base(p))
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, entry := range entries {
		names = append(names, entry.Name())
	}
	sort.Strings(names)
	if strings.Join(names, ",") != strings.Join(paths[2:], ",") {
		t.Fatalf("kept %v, want %v", names, paths[2:])
	}
	if p, _ := Capture(dir, "POST", "/", nil, make([]byte, 100), CaptureOptions{MaxBytes: 50, Logf: logf}); p != "" {
		t.Fatal("a request over MaxBytes was captured")
	}
}

func TestMiddlewarePassesTheBodyOnAndRefusesAForgery(t *testing.T) {
	body := `{"a":1}`
	header := "sha256=" + "0000000000000000000000000000000000000000000000000000000000000000"
	var seen string
	handler := Middleware([]string{"k"}, MiddlewareOptions{CaptureDir: t.TempDir()}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		seen = string(data)
	}))
	request := httptest.NewRequest("POST", "/hooks", strings.NewReader(body))
	request.Header.Set(Header, header)
	recorder := httptest.NewRecorder()
	handler.ServeHTTP(recorder, request)
	if recorder.Code != http.StatusUnauthorized || seen != "" {
		t.Fatalf("a forgery got %d", recorder.Code)
	}
	for _, c := range vectors(t) {
		if c.Name != "github_published" {
			continue
		}
		raw, _ := base64.StdEncoding.DecodeString(c.BodyBase64)
		handler = Middleware(c.Secrets, MiddlewareOptions{}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			data, _ := io.ReadAll(r.Body)
			seen = string(data)
		}))
		request = httptest.NewRequest("POST", "/hooks", strings.NewReader(string(raw)))
		request.Header.Set(Header, *c.Header)
		recorder = httptest.NewRecorder()
		handler.ServeHTTP(recorder, request)
		if recorder.Code != http.StatusOK || seen != string(raw) {
			t.Fatalf("a valid delivery got %d, body %q", recorder.Code, seen)
		}
	}
}
