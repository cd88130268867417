# Orgraph's container image: a static binary on a minimal base.
#
#   docker build -t orgraph .
#   docker run -p 8080:8080 -v orgraph-data:/data orgraph
#
# The build stage compiles without cgo (SQLite is modernc.org/sqlite, pure
# Go), so the binary needs no C library and runs on a base with nothing but
# CA certificates, time zones and a non-root user. cli_test.go (TestContainerImage) builds
# the binary the same way and checks that it is static and that its
# healthcheck works; docs/OPERATIONS.md ("Container") explains the rest.

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags=-s -o /out/orgraph . && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orgraph /usr/local/bin/orgraph
# The base has no /data: a volume mounted there starts from this empty
# folder, owned by the user the server runs as.
COPY --from=build --chown=65532:65532 /out/data /data
# SQLite by default, on the volume; set DATABASE_URL=mysql://... for MariaDB.
ENV DATABASE_URL=sqlite:///data/orgraph.db \
    ADDR=:8080
VOLUME ["/data"]
EXPOSE 8080
# distroless's nonroot user (uid 65532), which owns /data.
USER 65532:65532
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/orgraph", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/orgraph"]
