import type { ErrorCode, ErrorDetails } from '../errors.ts';
import { pgpKeyName } from '../format.ts';

type Text = (d: ErrorDetails) => string;

const where = (d: ErrorDetails): string =>
  d.host === undefined ? 'el servidor' : `${String(d.host)}:${String(d.port ?? 22)}`;
const path = (d: ErrorDetails): string =>
  d.path === undefined ? 'este elemento' : `«${String(d.path)}»`;
const Path = (d: ErrorDetails): string =>
  d.path === undefined ? 'Este elemento' : `«${String(d.path)}»`;
/** An OpenPGP key by its user ID and short fingerprint, as the app's windows show keys. */
const pgpKey = (d: ErrorDetails): string => pgpKeyName(d.userId, d.fingerprint, ['«', '»']);

/**
 * Spanish for every error code, written for finance teams in Latin America and Spain: "usted"
 * implied through neutral phrasing, "carpeta" and "archivo", no regional slang.
 */
export const ERROR_TEXT_ES: Record<ErrorCode, Text> = {
  KEY_IS_PUBLIC: () =>
    'Esta es la parte pública de una clave. Se necesita el archivo de clave privada' +
    ' (a menudo llamado cert.pem).',
  KEY_DAMAGED: () =>
    'El archivo de clave está dañado o incompleto. Solicite una copia nueva del archivo.',
  KEY_NOT_A_KEY: () => 'Este archivo no es una clave privada.',
  KEY_PASSPHRASE_REQUIRED: (d) =>
    d.given === 'none'
      ? 'No se escribió ninguna frase de contraseña para esta clave.'
      : 'Esta clave está protegida con una frase de contraseña. Escriba la frase de contraseña.',
  KEY_PASSPHRASE_WRONG: () => 'La frase de contraseña de esta clave no es correcta.',
  KEY_UNSUPPORTED: (d) =>
    `Este tipo de clave no es compatible${d.keyType ? ` (${String(d.keyType)})` : ''}.` +
    ' Use una clave RSA (de 2048 bits o más), Ed25519 o ECDSA.',
  KEY_FILE_UNREADABLE: (d) => {
    if (d.reason === 'missing') {
      return `No hay ningún archivo de clave en ${path(d)}. Revise el nombre y la carpeta.`;
    }
    if (d.reason === 'permission denied') {
      return `No se pudo leer el archivo de clave ${path(d)}: este usuario no puede abrirlo.`;
    }
    if (d.reason === 'is a folder') return `${Path(d)} es una carpeta, no un archivo de clave.`;
    return `No se pudo leer el archivo de clave ${path(d)}.`;
  },
  KEY_MISSING: () =>
    'Esta conexión todavía no tiene archivo de clave. Ábrala en Conexiones y elija el archivo' +
    ' de clave que le envió Pyplan.',
  HOST_NOT_FOUND: (d) =>
    `No se encontró el servidor «${String(d.host ?? '')}». Revise cómo está escrito.`,
  CONNECTION_REFUSED: (d) =>
    `${where(d)} rechazó la conexión. Revise el nombre del servidor y el puerto.`,
  HOST_UNREACHABLE: (d) => `No se pudo llegar a ${where(d)}. Revise su conexión de red.`,
  TIMEOUT: (d) =>
    `${where(d)} no respondió a tiempo. Si esto se repite, puede que la dirección IP de este` +
    ' equipo no esté en la lista de acceso del servidor: pida a Pyplan que la agregue.',
  AUTH_FAILED: (d) =>
    `El servidor no aceptó esta clave para el usuario «${String(d.user ?? '')}».` +
    ' Revise el nombre de usuario y que eligió el archivo de clave que Pyplan envió para él.',
  HOST_KEY_UNKNOWN: (d) =>
    `Es la primera conexión con ${where(d)}. Antes de conectar hay que confirmar su identidad` +
    ` (${String(d.keyType ?? '')} ${String(d.fingerprint ?? '')}).`,
  HOST_KEY_MISMATCH: (d) =>
    `La identidad de ${where(d)} cambió: antes era ${String(d.expected ?? '?')}, ahora es` +
    ` ${String(d.fingerprint ?? '?')}. No se conectará: alguien podría estar interceptando la` +
    ' conexión. Pregunte a Pyplan si se cambió la clave del servidor.',
  HANDSHAKE_FAILED: (d) =>
    `Esta aplicación y ${where(d)} no tienen algoritmos de seguridad en común` +
    `${d.kind ? ` (${String(d.kind)})` : ''}.` +
    (d.ours ? ` Ofrecimos: ${String(d.ours)}.` : '') +
    (d.theirs ? ` El servidor ofreció: ${String(d.theirs)}.` : ''),
  CONNECTION_LOST: (d) => `Se perdió la conexión con ${where(d)}.`,
  TOO_MANY_CHANNELS: () =>
    'El servidor no permitió otra transferencia simultánea. Vuelva a intentarlo en un momento.',
  NOT_FOUND: (d) =>
    d.match === 'none'
      ? `Nada coincide con ${path(d)}.`
      : d.what === 'run'
        ? `No hay ninguna ejecución interrumpida ${path(d)} (el comando «runs» las muestra).`
        : d.what === 'folder'
          ? `La carpeta ${path(d)} no existe en el servidor.`
          : `${Path(d)} no existe.`,
  PERMISSION_DENIED: (d) => `No tiene permiso para hacer esto con ${path(d)}.`,
  ALREADY_EXISTS: (d) => `${Path(d)} ya existe.`,
  NOT_A_DIRECTORY: (d) => `${Path(d)} no es una carpeta.`,
  IS_A_DIRECTORY: (d) =>
    d.folders ? `Estas son carpetas: ${String(d.folders)}.` : `${Path(d)} es una carpeta.`,
  DIRECTORY_NOT_EMPTY: (d) => `La carpeta ${path(d)} no está vacía.`,
  UNSUPPORTED: () => 'El servidor no admite esta operación.',
  REMOTE_FAILURE: (d) => `El servidor rechazó la operación sobre ${path(d)}.`,
  UNSAFE_NAME: (d) =>
    `El nombre «${String(d.name ?? '')}» del servidor no se puede guardar con seguridad en este` +
    ' equipo (contiene /, \\ o NUL, es . o .., o empieza por una unidad como C:), así que no' +
    ' se descargó.',
  SIZE_MISMATCH: (d) =>
    `La copia de ${path(d)} está incompleta: se esperaban ${String(d.expected)} bytes` +
    ` y hay ${String(d.actual)}.`,
  CHECKSUM_MISMATCH: (d) =>
    `La copia de ${path(d)} no coincide con el original (su suma de control difiere).` +
    ' Envíelo de nuevo.',
  NAME_NOT_UTF8: (d) =>
    `El nombre de ${path(d)} no es UTF-8 válido, como exige este servidor. Cambie el nombre.`,
  LOCAL_NOT_FOUND: (d) => `${Path(d)} no existe en este equipo.`,
  LOCAL_PERMISSION_DENIED: (d) =>
    d.readOnly === true
      ? `No se puede escribir en ${path(d)}: ese disco es de solo lectura.`
      : `Este equipo no permite acceder a ${path(d)}.`,
  LOCAL_DISK_FULL: () =>
    'El disco de este equipo está lleno. Libere espacio y vuelva a intentarlo.',
  LOCAL_IO: (d) => `No se pudo leer o escribir ${path(d)} en este equipo.`,
  LOCAL_CHANGED: (d) =>
    `${Path(d)} cambió mientras se enviaba, así que la copia del servidor no se conservó.` +
    ' Vuelva a enviarlo cuando ya no se esté escribiendo.',
  COPY_SAME_FOLDER: (d) =>
    `${Path(d)} ya está en esta carpeta. Suéltelo sobre otra carpeta para copiarlo allí.`,
  COPY_INTO_ITSELF: (d) => `La carpeta ${path(d)} no se puede copiar dentro de sí misma.`,
  IMPORT_NOT_FOUND: (d) =>
    `No se encontraron sitios guardados de ${String(d.program ?? '')}` +
    `${d.path === undefined ? '' : ` en ${path(d)}`}. Use «elegir archivo…» para indicar el` +
    ' archivo.',
  IMPORT_FILE_INVALID: (d) =>
    `${path(d)} no es un archivo de sitios de ${String(d.program ?? '')}. Use «elegir` +
    ' archivo…» para indicar otro.',
  PGP_NO_RECIPIENTS: () =>
    'El cifrado está activado, pero no se eligió ninguna clave OpenPGP a la que cifrar. Elija' +
    ' la clave que le dio Pyplan en Cifrado, dentro de esta conexión.',
  PGP_KEY_INVALID: () => 'Esta no es una clave OpenPGP utilizable.',
  PGP_KEY_EXPIRED: (d) => `La clave OpenPGP ${pgpKey(d)} está vencida.`,
  PGP_KEY_REVOKED: (d) => `La clave OpenPGP ${pgpKey(d)} fue revocada.`,
  PGP_KEY_CANNOT_ENCRYPT: (d) =>
    `La clave OpenPGP ${pgpKey(d)} no sirve para cifrar (solo puede firmar).`,
  PGP_KEY_NOT_FOUND: (d) =>
    d.secret === true
      ? `Su clave OpenPGP ${pgpKey(d)} ya no está en esta aplicación (se eliminó).`
      : `La clave OpenPGP ${pgpKey(d)} se eliminó de esta aplicación, así que no se puede` +
        ' cifrar para ella. Las subidas de una conexión que cifra para ella se rechazan: elija' +
        ' otra clave en Cifrado, dentro de la conexión.',
  PGP_PASSPHRASE_REQUIRED: (d) =>
    d.symmetric === true
      ? 'Este archivo está protegido con una frase de contraseña, no con una clave. Escriba la' +
        ' frase con la que se cifró (pídasela a quien lo envió).'
      : 'Esta clave OpenPGP está protegida con una frase de contraseña. Escríbala.',
  PGP_PASSPHRASE_WRONG: (d) =>
    d.symmetric === true
      ? 'La frase de contraseña de este archivo no es correcta. El archivo sigue cifrado.'
      : 'La frase de contraseña de esta clave OpenPGP no es correcta.',
  PGP_NO_MATCHING_KEY: (d) =>
    'Ninguna de sus claves puede descifrar este archivo.' +
    (d.keyIds ? ` Fue cifrado para: ${String(d.keyIds)}.` : ''),
  PGP_DECRYPT_FAILED: () => 'No se pudo descifrar el archivo.',
  PGP_INTEGRITY: () =>
    'El archivo cifrado está dañado o fue alterado; no se escribió ninguna copia descifrada.',
  PGP_NOT_INTEGRITY_PROTECTED: () =>
    'Este archivo usa un cifrado antiguo sin protección de integridad, así que no se puede' +
    ' detectar si fue alterado. Se rechazó.',
  PGP_SIGNED_NOT_ENCRYPTED: () =>
    'Este archivo está firmado pero no cifrado: su texto se puede leer tal cual, seguido de' +
    ' una firma en texto claro, que aquí no se comprueba. No se escribió nada.',
  PGP_SIGNATURE_INVALID: (d) =>
    d.signature === 'not-signed'
      ? 'Este archivo no está firmado y se exigía la firma de una clave conocida.' +
        ' El archivo descifrado no se conservó.'
      : d.signature === 'unknown-signer'
        ? `Este archivo está firmado con una clave que no está en su llavero (ID ${String(
            d.keyId ?? 'desconocido',
          )}) y se exigía la firma de una clave conocida. El archivo descifrado no se conservó.`
        : 'La firma no corresponde al archivo: se modificó después de firmarlo o la firma es' +
          ' falsa. El archivo descifrado no se conservó.',
  PGP_UNSUPPORTED: () => 'Este archivo OpenPGP usa un formato o algoritmo no compatible.',
  PGP_TOO_LARGE: () =>
    'Los datos descifrados superarían el límite permitido; se detuvo el proceso' +
    ' (posible bomba de compresión).',
  PGP_KEYRING_LOCKED: (d) =>
    d.unset !== true
      ? 'No se pudieron desbloquear en este equipo las claves secretas OpenPGP guardadas. En la' +
        ' línea de comandos, revise la frase de contraseña en PYPLAN_KEYRING_PASSPHRASE.'
      : d.storing === true
        ? 'Para guardar una clave secreta hace falta una frase de contraseña del llavero, que' +
          ' protege las claves secretas guardadas en este equipo. Defina' +
          ' PYPLAN_KEYRING_PASSPHRASE con una y use siempre la misma.'
        : 'Las claves secretas OpenPGP guardadas están bloqueadas. Defina' +
          ' PYPLAN_KEYRING_PASSPHRASE con la frase de contraseña que las protege.',
  CANCELLED: () => 'Cancelado.',
  ALREADY_RUNNING: (d) =>
    `La misma transferencia ya está en curso${d.pid ? ` (proceso ${String(d.pid)})` : ''}.` +
    ' Espere a que termine o deténgala antes.',
  INVALID_ARGUMENT: (d) => `Dato no válido${d.reason ? `: ${String(d.reason)}` : ''}.`,
  SETTINGS_INVALID: () =>
    'No se pudo leer la configuración guardada y se restableció a los valores predeterminados.',
  SECRET_STORAGE_UNAVAILABLE: () =>
    'Este equipo no ofrece almacenamiento seguro para claves, así que no se guardó nada.' +
    ' Elija «usar el archivo de clave donde está».',
  IPC_INVALID_REQUEST: () => 'Error interno: solicitud no válida.',
  INTERNAL: () => 'Error inesperado.',
};
