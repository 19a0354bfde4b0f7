/** A recording in progress: stop() gives the recorded file, cancel() throws it away. */
export interface Recording {
  startedAt: number;
  stop(): Promise<File>;
  cancel(): void;
}

/** Opus in OGG where the browser records it (Firefox), else Opus in WebM (Chromium). */
const TYPES = ['audio/ogg;codecs=opus', 'audio/webm;codecs=opus'];

/** Starts recording from the microphone (the browser asks for permission the first time). */
export async function startRecording(): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = TYPES.find((type) => MediaRecorder.isTypeSupported(type)) ?? '';
  const recorder = new MediaRecorder(stream, { mimeType, audioBitsPerSecond: 32_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const release = () => {
    for (const track of stream.getTracks()) track.stop();
  };
  recorder.start(250);
  return {
    startedAt: Date.now(),
    stop() {
      return new Promise<File>((resolve) => {
        recorder.onstop = () => {
          release();
          const type = recorder.mimeType || mimeType;
          const extension = type.includes('ogg') ? 'ogg' : 'webm';
          resolve(new File(chunks, `voice.${extension}`, { type: type.split(';')[0] }));
        };
        recorder.stop();
      });
    },
    cancel() {
      recorder.onstop = release;
      recorder.stop();
    },
  };
}
