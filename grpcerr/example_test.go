package grpcerr_test

import (
	"context"
	"errors"
	"fmt"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/metadata"

	"github.com/errcat/errcat"
	"github.com/errcat/errcat/grpcerr"
)

// A handler's error becomes a gRPC status in the caller's language, taken
// from the call's accept-language metadata. On a server, the interceptors
// do this for every handler (see the package documentation).
func ExampleConverter_Status() {
	// The example's own small catalog, so that its output stays as shown
	// while the shipped texts change; errcat.Default() is the embedded one.
	c, err := errcat.Load("../testdata/sample")
	if err != nil {
		panic(err)
	}
	conv := &grpcerr.Converter{Catalog: c, Domain: "users.example.com"}
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("accept-language", "ja"))

	st := conv.Status(ctx, errcat.Wrap(errcat.UserNotFound, errors.New("no rows")))
	fmt.Println(st.Code(), st.Message())
	for _, d := range st.Details() {
		switch d := d.(type) {
		case *errdetails.ErrorInfo:
			fmt.Println(d.Reason, d.Domain, d.Metadata["code"])
		case *errdetails.LocalizedMessage:
			fmt.Println(d.Locale, d.Message)
		}
	}
	// Output:
	// NotFound User does not exist
	// USER_NOT_FOUND users.example.com 2004
	// ja ユーザーが存在しません。
}
