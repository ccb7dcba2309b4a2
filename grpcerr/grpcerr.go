// Package grpcerr answers gRPC calls with errcat's errors: it turns an
// error into a gRPC status whose details a client can show and act on, as
// AIP-193 describes.
//
//	conv := &grpcerr.Converter{Catalog: cat, Domain: "orders.example.com"}
//	srv := grpc.NewServer(
//		grpc.UnaryInterceptor(conv.UnaryServerInterceptor()),
//		grpc.StreamInterceptor(conv.StreamServerInterceptor()),
//	)
//
// A handler then returns errcat codes and errors as an HTTP handler would.
// The status carries:
//
//   - a gRPC code that follows from the code's HTTP status (CodeForStatus);
//   - a message for developers: the code's text in the catalog's source
//     language;
//   - google.rpc.ErrorInfo: reason, the code's Go name in UPPER_SNAKE_CASE
//     (ORDER_NOT_FOUND); the Converter's domain; and metadata "code", the
//     number ("5001");
//   - google.rpc.LocalizedMessage: the text in the caller's language, with
//     its locale.
//
// The caller's languages are those errcat.WithLanguage put in the context,
// then the incoming metadata's accept-language (and grpc-gateway's
// grpcgateway-accept-language). An error outside the catalog is answered
// by the catalog's fallback code, as errcat.WriteError answers it.
//
// The package is apart from errcat so that a service that speaks only
// HTTP does not compile gRPC.
package grpcerr

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unicode"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/errcat/errcat"
)

// A Converter turns errors into gRPC statuses with one catalog's texts and
// facts. Its zero value is not usable: Catalog is required.
type Converter struct {
	// Catalog supplies the texts, names and statuses, and receives each
	// error the interceptors answer (its Options' Logger and OnError).
	Catalog *errcat.Catalog

	// Domain is ErrorInfo's domain: the service that answers, by its
	// DNS name ("orders.example.com"), as AIP-193 asks.
	Domain string

	// Code maps a code's HTTP status to its gRPC code; nil means
	// CodeForStatus.
	Code func(httpStatus int) codes.Code
}

// Status returns err as a gRPC status for the caller of ctx. err is an
// errcat code, an *errcat.Error, anything wrapping one, or any other
// error, which is answered as the catalog's fallback code.
func (cv *Converter) Status(ctx context.Context, err error) *status.Status {
	st, _ := cv.status(ctx, err)
	return st
}

func (cv *Converter) status(ctx context.Context, err error) (*status.Status, errcat.Localized) {
	user := cv.Catalog.Localize(err, Languages(ctx)...)
	// The developer's message is in the source language: no preference
	// gets the source.
	dev := cv.Catalog.Localize(err)
	code := CodeForStatus
	if cv.Code != nil {
		code = cv.Code
	}
	st := status.New(code(user.Status), dev.Message)
	info := &errdetails.ErrorInfo{
		Reason:   Reason(user.Name),
		Domain:   cv.Domain,
		Metadata: map[string]string{"code": strconv.Itoa(int(user.Code))},
	}
	msg := &errdetails.LocalizedMessage{Locale: user.Locale, Message: user.Message}
	if withDetails, derr := st.WithDetails(info, msg); derr == nil {
		st = withDetails
	}
	return st, user
}

// UnaryServerInterceptor returns an interceptor that answers each error a
// unary handler returns with Status, and reports it to the catalog's
// Options. An error that is already a gRPC status, or the context's own
// cancellation or deadline, passes through as it is.
func (cv *Converter) UnaryServerInterceptor() grpc.UnaryServerInterceptor {
	return func(ctx context.Context, req any, _ *grpc.UnaryServerInfo, handler grpc.UnaryHandler) (any, error) {
		resp, err := handler(ctx, req)
		if err != nil {
			err = cv.answer(ctx, err)
		}
		return resp, err
	}
}

// StreamServerInterceptor is UnaryServerInterceptor for streams.
func (cv *Converter) StreamServerInterceptor() grpc.StreamServerInterceptor {
	return func(srv any, ss grpc.ServerStream, _ *grpc.StreamServerInfo, handler grpc.StreamHandler) error {
		if err := handler(srv, ss); err != nil {
			return cv.answer(ss.Context(), err)
		}
		return nil
	}
}

func (cv *Converter) answer(ctx context.Context, err error) error {
	if isErrcat(err) {
		st, l := cv.status(ctx, err)
		cv.Catalog.Report(ctx, err, l)
		return st.Err()
	}
	if _, ok := status.FromError(err); ok {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return status.FromContextError(err).Err()
	}
	st, l := cv.status(ctx, err)
	cv.Catalog.Report(ctx, err, l)
	return st.Err()
}

// isErrcat reports whether err is or wraps an errcat code or error.
func isErrcat(err error) bool {
	var e *errcat.Error
	var c errcat.Code
	return errors.As(err, &e) || errors.As(err, &c)
}

// Languages returns the caller's language preferences in ctx, highest
// priority first: errcat.WithLanguage's, then the incoming metadata's
// accept-language values, then grpcgateway-accept-language (what
// grpc-gateway forwards of an HTTP Accept-Language header).
func Languages(ctx context.Context) []string {
	prefs := []string{errcat.LanguageOf(ctx)}
	if md, ok := metadata.FromIncomingContext(ctx); ok {
		for _, key := range []string{"accept-language", "grpcgateway-accept-language"} {
			if vs := md.Get(key); len(vs) > 0 {
				prefs = append(prefs, strings.Join(vs, ","))
			}
		}
	}
	return prefs
}

// CodeForStatus returns the gRPC code for an HTTP error status, after
// google.rpc.Code's HTTP mapping: 400 InvalidArgument, 401
// Unauthenticated, 403 PermissionDenied, 404 NotFound, 409 AlreadyExists,
// 429 ResourceExhausted, 499 Canceled, 501 Unimplemented, 503
// Unavailable, 504 DeadlineExceeded; any other 4xx FailedPrecondition and
// any other status Internal.
func CodeForStatus(httpStatus int) codes.Code {
	switch httpStatus {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return codes.InvalidArgument
	case http.StatusUnauthorized:
		return codes.Unauthenticated
	case http.StatusForbidden:
		return codes.PermissionDenied
	case http.StatusNotFound, http.StatusGone:
		return codes.NotFound
	case http.StatusConflict:
		return codes.AlreadyExists
	case http.StatusRequestedRangeNotSatisfiable:
		return codes.OutOfRange
	case http.StatusTooManyRequests:
		return codes.ResourceExhausted
	case 499: // client closed request
		return codes.Canceled
	case http.StatusNotImplemented:
		return codes.Unimplemented
	case http.StatusServiceUnavailable:
		return codes.Unavailable
	case http.StatusGatewayTimeout, http.StatusRequestTimeout:
		return codes.DeadlineExceeded
	}
	if httpStatus >= 400 && httpStatus < 500 {
		return codes.FailedPrecondition
	}
	return codes.Internal
}

// maxReason is AIP-193's limit on ErrorInfo.reason.
const maxReason = 63

// Reason returns a Go name as an ErrorInfo reason, UPPER_SNAKE_CASE:
// OrderNotFound is ORDER_NOT_FOUND, IDOfTheApplication
// ID_OF_THE_APPLICATION, Code2004 CODE2004. AIP-193 allows at most 63
// characters; a longer name is cut.
func Reason(name string) string {
	rs := []rune(name)
	var b strings.Builder
	for i, r := range rs {
		if i > 0 && unicode.IsUpper(r) {
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || unicode.IsUpper(prev) && nextLower {
				b.WriteByte('_')
			}
		}
		if r == '_' && (i == 0 || rs[i-1] == '_') {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	s := strings.Trim(b.String(), "_")
	if len(s) > maxReason {
		s = strings.TrimRight(s[:maxReason], "_")
	}
	return s
}
