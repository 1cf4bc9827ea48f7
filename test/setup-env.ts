// The AWS SDK warns once per process that Node 20 is nearing its end of support; the Lambda runs
// on nodejs22.x, so in tests the warning is noise (the local stack silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// esbuild's sync API (buildSync, transformSync) otherwise starts a worker thread and an esbuild
// service process per test file (each file has its own module registry) and never ends them: they
// stay until the jest worker exits, which must then tear each one down. Without the thread, each
// sync call runs its own short-lived esbuild process.
process.env.ESBUILD_WORKER_THREADS ??= '0';
