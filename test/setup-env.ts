// Tests talk to servers on localhost only: never through a proxy (rest-api-client honours them).
process.env.NO_PROXY = "localhost,127.0.0.1";
delete process.env.HTTP_PROXY;
delete process.env.HTTPS_PROXY;
delete process.env.http_proxy;
delete process.env.https_proxy;
