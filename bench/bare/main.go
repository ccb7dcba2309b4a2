// Command bare is the floor errcat serve is measured against: a net/http
// server that answers every request with one constant JSON envelope and the
// same headers, doing no lookup, matching or encoding at all.
//
//	go run ./bench/bare -addr 127.0.0.1:8091
package main

import (
	"flag"
	"log"
	"net"
	"net/http"
	"strconv"
	"time"
)

var body = []byte(`{"message":"User does not exist","code":2004,"data":null}` + "\n")

func main() {
	addr := flag.String("addr", "127.0.0.1:8091", "listen address")
	flag.Parse()
	length := strconv.Itoa(len(body))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The same line errcat serve logs, so that bench/startup finds both.
	log.Printf("listening url=http://%s", ln.Addr())
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			h := w.Header()
			h.Set("Content-Type", "application/json; charset=utf-8")
			h.Set("Content-Language", "en")
			h.Set("Vary", "Accept-Language")
			h.Set("Content-Length", length)
			w.Write(body)
		}),
		ReadHeaderTimeout: 5 * time.Second,
	}
	log.Fatal(srv.Serve(ln))
}
