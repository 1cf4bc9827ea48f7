// The AWS SDK warns once per process that Node 20 is nearing its end of support; the Lambda runs
// on nodejs22.x, so in tests the warning is noise (the local stack silences it the same way).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
