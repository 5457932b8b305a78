// QR images of ticket codes, for the customer's screen (SVG) and for printing or wallets (PNG).
import QRCode from 'qrcode';

/**
 * Error correction M (15% of the symbol recoverable) survives scratched screens and glare; H would
 * make the dense JWS symbol larger and harder to scan from a phone at the door.
 */
const ERROR_CORRECTION = 'M';
/** Four modules of quiet zone, as the QR standard asks for reliable scanning. */
const MARGIN = 4;
/** Pixels across the PNG: sharp enough to print, small enough to send. */
export const TICKET_QR_PNG_WIDTH = 480;

export function ticketQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: MARGIN,
    width: TICKET_QR_PNG_WIDTH,
  });
}

/** A scalable SVG document (no fixed pixel size: it fills whatever box shows it). */
export function ticketQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, {
    type: 'svg',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: MARGIN,
  });
}
