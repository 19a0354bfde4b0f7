import { join } from 'node:path';
import { ErrorCode } from '@peyk/protocol';
import sharp, { type Sharp } from 'sharp';
import { rgbaToThumbHash } from 'thumbhash';
import { DomainError } from '../errors.js';

/** Long sides of the served photo sizes, in pixels; the receiver picks one for its screen. */
export const PHOTO_SIZES = [90, 320, 800, 1280, 2560] as const;

export interface EncodedImage {
  name: string;
  path: string;
  width: number;
  height: number;
}

export interface ProcessedPhoto {
  /** Of the upright image, before resizing. */
  width: number;
  height: number;
  placeholder: Uint8Array;
  sizes: EncodedImage[];
}

// libvips decodes lazily: one worker at a time keeps a burst of uploads from exhausting memory.
sharp.concurrency(1);

/**
 * Re-encodes an image to WebP in the sizes no larger than it (always at least one), upright and
 * without any metadata (EXIF with GPS, XMP, ICC comments never reach a receiver), and makes its
 * ThumbHash. Refuses images above `maxPixels` before decoding them (pixel bombs), and images
 * libvips cannot decode (corrupt, truncated).
 */
export async function processPhoto(
  source: string,
  outputDir: string,
  maxPixels: number,
): Promise<ProcessedPhoto> {
  const metadata = await sharp(source, { limitInputPixels: false })
    .metadata()
    .catch(() => {
      throw undecodable();
    });
  if (!metadata.width || !metadata.height) throw undecodable();
  if (metadata.width * metadata.height > maxPixels) {
    throw new DomainError(
      ErrorCode.MEDIA_TOO_MANY_PIXELS,
      `The image has ${metadata.width}x${metadata.height} pixels, more than ${maxPixels}`,
    );
  }
  try {
    // Decoded once, at the largest size served; the smaller sizes come from these pixels.
    const largest = PHOTO_SIZES[PHOTO_SIZES.length - 1] as number;
    const { data, info } = await sharp(source, { limitInputPixels: maxPixels, failOn: 'error' })
      .rotate()
      .resize(largest, largest, { fit: 'inside', withoutEnlargement: true })
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } });
    const upright = metadata.autoOrient ?? { width: metadata.width, height: metadata.height };
    const longSide = Math.max(upright.width, upright.height);
    const wanted: number[] = PHOTO_SIZES.filter((size) => size < longSide);
    if (wanted.length < PHOTO_SIZES.length) wanted.push(Math.min(longSide, largest));
    const sizes: EncodedImage[] = [];
    for (const size of wanted) {
      const path = join(outputDir, `w${size}.webp`);
      const out = await pixels()
        .resize(size, size, { fit: 'inside', withoutEnlargement: true })
        .webp({ quality: size <= 90 ? 60 : 78, effort: 3 })
        .toFile(path);
      sizes.push({ name: `w${size}`, path, width: out.width, height: out.height });
    }
    return { width: upright.width, height: upright.height, placeholder: await thumbHash(pixels()), sizes };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw undecodable();
  }
}

/** ThumbHash of an image: it wants at most 100x100 RGBA. */
export async function thumbHash(image: Sharp): Promise<Uint8Array> {
  const { data, info } = await image
    .resize(100, 100, { fit: 'inside' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return rgbaToThumbHash(info.width, info.height, data);
}

function undecodable(): DomainError {
  return new DomainError(ErrorCode.MEDIA_INVALID, 'The image cannot be decoded');
}

/** A video's poster frame as one WebP (at most 1280 px) with its ThumbHash. */
export async function processPoster(
  frame: string,
  output: string,
): Promise<{ image: EncodedImage; placeholder: Uint8Array }> {
  const out = await sharp(frame)
    .resize(1280, 1280, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75, effort: 3 })
    .toFile(output);
  return {
    image: { name: 'poster', path: output, width: out.width, height: out.height },
    placeholder: await thumbHash(sharp(frame)),
  };
}
