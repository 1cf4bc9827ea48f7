import { Readable } from 'node:stream';
import { readBody, RequestBodyTooLargeError } from '../../../local/standins/read-body';

const streamOf = (...chunks: Array<string | Buffer>) => Readable.from(chunks);

describe('Function: readBody', () => {
  it('joins a body sent in several chunks, in order', async () => {
    // Act
    const body = await readBody(streamOf('{"a":', Buffer.from('1,'), '"b":"é"}'), 1024);

    // Assess
    expect(body.toString('utf8')).toBe('{"a":1,"b":"é"}');
  });

  it('reads an empty body as zero bytes', async () => {
    // Act
    const body = await readBody(Readable.from([]), 1024);

    // Assess
    expect(body).toEqual(Buffer.alloc(0));
  });

  it('takes a body of exactly the limit, counted in bytes, not characters', async () => {
    // Prepare: 3 characters, 6 bytes
    const body = 'ééé';

    // Act / Assess
    expect((await readBody(streamOf(body), 6)).toString('utf8')).toBe(body);
    await expect(readBody(streamOf(body), 5)).rejects.toBeInstanceOf(RequestBodyTooLargeError);
  });

  it('refuses a body one byte over the limit only after reading it to its end', async () => {
    // Prepare
    const stream = streamOf('x'.repeat(600), 'y'.repeat(600), 'z');

    // Act
    const refused = readBody(stream, 1200);

    // Assess
    await expect(refused).rejects.toMatchObject({
      name: 'RequestBodyTooLargeError',
      maxBytes: 1200,
      message: 'Request body over 1200 bytes; send a smaller body',
    });
    expect(stream.readableEnded).toBe(true);
  });

  it('passes on a stream error (a client gone mid-body)', async () => {
    // Prepare
    const stream = new Readable({
      read() {
        this.destroy(new Error('aborted'));
      },
    });

    // Act / Assess
    await expect(readBody(stream, 1024)).rejects.toThrow('aborted');
  });
});
