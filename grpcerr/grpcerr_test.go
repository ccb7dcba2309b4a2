package grpcerr_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/grpcerr"
)

// orders is a health service whose Check answers each service name with
// an error, as an orders API's handlers would: the test needs a real
// service, and gRPC's health service needs no generated code of ours.
type orders struct {
	healthpb.UnimplementedHealthServer
}

var errDB = errors.New("orders table: connection refused")

func (orders) Check(ctx context.Context, req *healthpb.HealthCheckRequest) (*healthpb.HealthCheckResponse, error) {
	switch req.Service {
	case "missing":
		return nil, errcat.Wrap(5001, errDB)
	case "basket":
		return nil, &errcat.Error{Code: 5003, Params: map[string]any{"Max": 20}}
	case "plain":
		return nil, errDB
	case "status":
		return nil, status.Error(codes.Unavailable, "draining")
	}
	return &healthpb.HealthCheckResponse{Status: healthpb.HealthCheckResponse_SERVING}, nil
}

func shop(t *testing.T) *errcat.Catalog {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"codes.toml": "fallback = 5000\n\n5000 = { name = \"ShopUnavailable\", status = 503 }\n" +
			"5001 = { name = \"OrderNotFound\", status = 404 }\n5003 = { name = \"BasketTooLarge\", status = 422 }\n",
		"en.toml": "[\"5000\"]\nother = \"The shop is unavailable\"\n\n[\"5001\"]\nother = \"Order not found\"\n\n" +
			"[\"5003\"]\nother = \"A basket holds at most {{.Max}} items\"\n",
		"de.toml": "[\"5000\"]\nother = \"Der Shop ist nicht erreichbar.\"\n\n[\"5001\"]\nother = \"Bestellung nicht gefunden.\"\n\n" +
			"[\"5003\"]\nother = \"Ein Warenkorb fasst höchstens {{.Max}} Artikel.\"\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := errcat.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A real gRPC server on 127.0.0.1 answers its handlers' errors with
// statuses a real client reads: the code, the developer's message, and
// ErrorInfo and LocalizedMessage in the language of the call's metadata.
func TestOverARealServer(t *testing.T) {
	var reported []errcat.Localized
	cat := shop(t).With(errcat.Options{OnError: func(_ context.Context, err error, l errcat.Localized) {
		reported = append(reported, l)
	}})
	conv := &grpcerr.Converter{Catalog: cat, Domain: "orders.example.com"}
	srv := grpc.NewServer(grpc.UnaryInterceptor(conv.UnaryServerInterceptor()))
	healthpb.RegisterHealthServer(srv, orders{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(srv.Stop)
	conn, err := grpc.NewClient(ln.Addr().String(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	client := healthpb.NewHealthClient(conn)

	tests := []struct {
		service, accept string
		code            codes.Code
		message         string // for developers: the source language
		reason          string
		number          string
		locale, text    string
	}{
		{"missing", "de-CH, en;q=0.5", codes.NotFound, "Order not found", "ORDER_NOT_FOUND", "5001", "de", "Bestellung nicht gefunden."},
		{"basket", "de", codes.InvalidArgument, "A basket holds at most 20 items", "BASKET_TOO_LARGE", "5003", "de", "Ein Warenkorb fasst höchstens 20 Artikel."},
		{"plain", "ja, de;q=0.3", codes.Unavailable, "The shop is unavailable", "SHOP_UNAVAILABLE", "5000", "de", "Der Shop ist nicht erreichbar."},
		{"missing", "", codes.NotFound, "Order not found", "ORDER_NOT_FOUND", "5001", "en", "Order not found"},
	}
	for _, tt := range tests {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		if tt.accept != "" {
			ctx = metadata.AppendToOutgoingContext(ctx, "accept-language", tt.accept)
		}
		_, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: tt.service})
		cancel()
		st, ok := status.FromError(err)
		if !ok || st.Code() != tt.code || st.Message() != tt.message {
			t.Errorf("%s (%s): %v, want %s %q", tt.service, tt.accept, err, tt.code, tt.message)
			continue
		}
		var info *errdetails.ErrorInfo
		var msg *errdetails.LocalizedMessage
		for _, d := range st.Details() {
			switch d := d.(type) {
			case *errdetails.ErrorInfo:
				info = d
			case *errdetails.LocalizedMessage:
				msg = d
			}
		}
		if info == nil || info.Reason != tt.reason || info.Domain != "orders.example.com" || info.Metadata["code"] != tt.number {
			t.Errorf("%s: ErrorInfo %v", tt.service, info)
		}
		if msg == nil || msg.Locale != tt.locale || msg.Message != tt.text {
			t.Errorf("%s (%s): LocalizedMessage %v, want %s %q", tt.service, tt.accept, msg, tt.locale, tt.text)
		}
		if strings.Contains(fmt.Sprint(st.Proto()), "connection refused") {
			t.Errorf("%s: the cause reached the client: %v", tt.service, st.Proto())
		}
	}
	if len(reported) != len(tests) {
		t.Errorf("%d errors reported to the catalog's hook, want %d", len(reported), len(tests))
	}

	// A status a handler made itself passes through.
	_, err = client.Check(context.Background(), &healthpb.HealthCheckRequest{Service: "status"})
	if st, _ := status.FromError(err); st.Code() != codes.Unavailable || st.Message() != "draining" || len(st.Details()) != 0 {
		t.Errorf("a handler's own status: %v", err)
	}
}

// WithLanguage, a user's saved setting, goes before the metadata.
func TestLanguages(t *testing.T) {
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("accept-language", "fr", "accept-language", "de;q=0.5", "grpcgateway-accept-language", "ja"))
	ctx = errcat.WithLanguage(ctx, "ko")
	got := fmt.Sprint(grpcerr.Languages(ctx))
	if got != "[ko fr,de;q=0.5 ja]" {
		t.Errorf("Languages = %s", got)
	}
}

func TestReason(t *testing.T) {
	for name, want := range map[string]string{
		"OrderNotFound":          "ORDER_NOT_FOUND",
		"IDOfTheApplication":     "ID_OF_THE_APPLICATION",
		"ApplicationIDRequired":  "APPLICATION_ID_REQUIRED",
		"Code2004":               "CODE2004",
		"HTTPError":              "HTTP_ERROR",
		"PasswordNotSetUseOAuth": "PASSWORD_NOT_SET_USE_O_AUTH",
		"Unknown":                "UNKNOWN",
		"Code2004_":              "CODE2004",
		"AVeryLongNameThatGoesOnAndOnPastTheLimitOfSixtyThreeCharactersX": "A_VERY_LONG_NAME_THAT_GOES_ON_AND_ON_PAST_THE_LIMIT_OF_SIXTY_TH",
	} {
		if got := grpcerr.Reason(name); got != want {
			t.Errorf("Reason(%s) = %s, want %s", name, got, want)
		}
	}
}
