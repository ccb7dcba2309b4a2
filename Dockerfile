# errcat serve in a container: a static binary on distroless, run as a
# non-root user, listening on :8080.
#
#   docker build -t errcat .
#   docker build --build-arg VERSION=v0.1.0 -t errcat:v0.1.0 .
#   docker run --rm -p 8080:8080 errcat
#   docker run --rm -p 8080:8080 -v "$PWD/locales:/etc/errcat/locales:ro" -e ERRCAT_LOCALES=/etc/errcat/locales errcat
#
# cmd/errcat/container_test.go builds the binary as the build stage does and
# runs it with this file's ENV and ENTRYPOINT; docs/SERVICE.md says what it
# checks and what it cannot (no Docker engine runs in the tests).

FROM golang:1.26 AS build
WORKDIR /src
# The dependencies first, in a layer of their own that a change to the
# code does not invalidate.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION is what errcat version reports; empty, it says (devel), since the
# build context has no .git (see .dockerignore).
ARG VERSION=
# No cgo: the binary must run on distroless/static, which has no C library.
ENV CGO_ENABLED=0
RUN go build -trimpath -ldflags="-s -w -X main.version=${VERSION}" -o /out/errcat ./cmd/errcat

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/errcat /errcat
# distroless's nonroot user, by number: Kubernetes' runAsNonRoot can verify
# a numeric user, not a name.
USER 65532:65532
# A container's port must take connections from outside it: all
# interfaces, not errcat's 127.0.0.1 default.
ENV ERRCAT_ADDR=:8080
EXPOSE 8080
# No HEALTHCHECK: distroless has no shell and no curl to run one with.
# Orchestrators probe GET /healthz and /readyz over HTTP instead (see
# deploy/k8s/deployment.yaml).
ENTRYPOINT ["/errcat", "serve"]
