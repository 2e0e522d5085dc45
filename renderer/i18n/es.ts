import type { MessageKey } from './en.ts';

/**
 * Spanish for finance teams in Latin America and Spain: neutral vocabulary ("archivo",
 * "carpeta", "equipo" for computer), imperatives in the polite form, no regional slang.
 */
export const ES: Record<MessageKey, string> = {
  'common.cancel': 'Cancelar',
  'common.close': 'Cerrar',
  'common.delete': 'Eliminar',
  'common.details': 'Detalles',
  'details.code': 'Código de error',
  'details.path': 'Ruta',
  'details.host': 'Servidor',
  'details.port': 'Puerto',
  'details.user': 'Usuario',
  'details.fingerprint': 'Huella',
  'details.protection': 'Protegido con',
  'details.symmetric': 'Solo una frase de contraseña (sin clave)',
  'common.discard': 'Descartar cambios',
  'common.done': 'Listo',
  'common.save': 'Guardar',
  'common.browse': 'Examinar…',

  'unit.hours': 'h',
  'unit.minutes': 'min',
  'unit.seconds': 's',
  'unit.left': '{time} para terminar',

  'nav.label': 'Secciones principales',
  'nav.files': 'Archivos',
  'nav.connections': 'Conexiones',

  'session.connecting': 'Conectando…',
  'session.connectedTo': 'Conectado a {name}',
  'session.offline': 'Sin conexión',
  'session.lostReconnecting': 'Conexión perdida — las transferencias se reconectan',
  'session.offlineTransfersGoOn': 'Sin navegar — las transferencias siguen',
  'session.disconnect': 'Desconectar',
  'session.failed': 'No se pudo conectar a {name}.',
  'session.lost': 'Se desconectó de {name}.',
  'session.retry': 'Reintentar',
  'session.pick': 'Conectarse a un servidor',
  'session.manage': 'Administrar conexiones',
  'session.noProfiles': 'Todavía no hay conexiones',
  'session.noProfilesBody':
    'Agregue los datos de conexión que le envió Pyplan (servidor, usuario y archivo de clave) ' +
    'para empezar.',

  'profiles.title': 'Conexiones guardadas',
  'profiles.new': 'Nueva conexión',
  'profiles.import': 'Importar…',
  'profiles.edit': 'Editar',
  'profiles.duplicate': 'Duplicar',
  'profiles.connected': 'Conectado',
  'profiles.open': 'Abrir',
  'profiles.connecting': 'Conectando…',
  'profiles.emptyTitle': 'No hay conexiones guardadas',
  'profiles.emptyBody': 'Cree una, o importe sus sitios desde FileZilla, WinSCP o ~/.ssh/config.',
  'profiles.pickTitle': 'Elija una conexión',
  'profiles.pickBody':
    'Elija una conexión a la izquierda para verla o modificarla, o cree una nueva.',
  'profiles.deleteTitle': '¿Eliminar «{name}»?',
  'profiles.deleteBody':
    'Los datos de conexión se eliminan de este equipo. Los archivos del servidor no se tocan.',
  'profiles.discardTitle': '¿Descartar los cambios?',
  'profiles.discardBody': 'Esta conexión tiene cambios que no se guardaron.',
  'profiles.loadFailed': 'No se pudieron cargar sus conexiones guardadas.',

  'profile.newTitle': 'Nueva conexión',
  'profile.section.server': 'Servidor',
  'profile.section.key': 'Archivo de clave',
  'profile.section.security': 'Seguridad',
  'profile.section.folders': 'Carpetas',
  'profile.section.pgp': 'Cifrado (OpenPGP)',
  'profile.section.transfer': 'Opciones de transferencia',
  'profile.name': 'Nombre',
  'profile.host': 'Dirección del servidor',
  'profile.port': 'Puerto',
  'profile.user': 'Usuario',
  'profile.policy': 'Política de algoritmos',
  'profile.policyDefault': 'Automática (recomendada)',
  'profile.policyHint':
    'Deje «Automática» salvo que Pyplan le haya indicado la política de seguridad de su servidor.',
  'profile.localFolder': 'Carpeta en este equipo',
  'profile.localHint':
    'Se abre a la izquierda al conectar. Déjela vacía para usar su carpeta personal.',
  'profile.remoteFolder': 'Carpeta en el servidor',
  'profile.remotePlaceholder': 'Carpeta inicial',
  'profile.remoteHint':
    'Se abre a la derecha al conectar. Déjela vacía para usar la carpeta inicial.',
  'profile.preserveTimestamps': 'Conservar fechas de modificación',
  'profile.preserveHint': 'Pyplan Cloud normalmente no lo permite; los archivos llegan igual.',
  'profile.uploadInPlace': 'Escribir las subidas directamente con su nombre final',
  'profile.inPlaceHint':
    'Es más rápido en algunos servidores, pero una subida interrumpida deja un archivo incompleto.',
  'profile.test': 'Probar conexión',
  'profile.connect': 'Conectar',
  'profile.fromLink':
    'Un enlace pidió conectar con {server}, que no está entre sus conexiones guardadas.' +
    ' Confirme con Pyplan que es el servidor correcto antes de guardarlo.',
  'profile.saveFailed': 'No se pudo guardar la conexión.',

  'form.required': 'Obligatorio',
  'form.invalid': 'Revise este valor',

  'key.type': 'Tipo de clave',
  'key.fingerprint': 'Huella digital',
  'key.file': 'Archivo',
  'key.protected': 'Protegida con frase de contraseña',
  'key.none':
    'Todavía no hay archivo de clave. Elija el archivo que le envió Pyplan (suele llamarse ' +
    'cert.pem).',
  'key.import': 'Elegir archivo de clave…',
  'key.replace': 'Usar otro archivo de clave…',
  'key.usePath': 'Usar el archivo de clave donde está',
  'key.fromPath': 'Usa el archivo de clave en {path}',

  'passphrase.title': 'Se necesita la frase de contraseña',
  'passphrase.intro': 'La clave de «{subject}» está protegida con una frase de contraseña.',
  'passphrase.label': 'Frase de contraseña',
  'passphrase.wrong': 'La frase de contraseña no es correcta. Inténtelo de nuevo.',
  'passphrase.remember': 'Recordarla en este equipo',
  'passphrase.submit': 'Desbloquear',

  'pgp.recipients': 'Cifrar las subidas para',
  'pgp.noKeys':
    'Todavía no hay claves OpenPGP. Agréguelas en Configuración para cifrar o descifrar archivos.',
  'pgp.unnamed': 'Clave sin nombre',
  'pgpPass.title': 'Desbloquee su clave OpenPGP',
  'pgpPass.intro': 'Para descifrar «{file}», escriba la frase de contraseña de esta clave.',
  'pgpPass.introNoFile':
    'Una descarga necesita la frase de contraseña de esta clave para descifrarse.',
  'pgpPass.key': 'Clave',
  'pgpPass.fingerprint': 'Huella digital',
  'pgpPass.wrong': 'Esa frase de contraseña no desbloquea esta clave. Inténtelo de nuevo.',
  'pgpPass.hint':
    'Hasta cerrar la aplicación, los archivos de esta clave se descifran sin preguntar.',
  'pgpPass.cancel': 'Dejar cifrado',
  'pgpPass.submit': 'Desbloquear y descifrar',
  'pgpPass.checking': 'Comprobando…',
  'pgpPass.fileTitle': 'Este archivo necesita su frase de contraseña',
  'pgpPass.fileIntro':
    '«{file}» se cifró con una frase de contraseña, no con una de sus claves. Escriba la ' +
    'frase que le dieron para este archivo.',
  'pgpPass.fileWrong': 'Esa frase de contraseña no abre este archivo. Inténtelo de nuevo.',
  'pgpPass.fileHint':
    'Hasta que cierre la aplicación, los demás archivos protegidos con frase se prueban ' +
    'primero con esta. Nunca se guarda.',
  'pgpPass.fileSubmit': 'Descifrar',
  'pgp.encryptOnUpload': 'Cifrar los archivos antes de subirlos',
  'pgp.encryptNeedsRecipient':
    'Elija al menos una clave para cifrar, o desmarque “Cifrar los archivos antes de subirlos”.',
  'pgp.decryptOnDownload': 'Descifrar los archivos .gpg y .pgp después de descargarlos',

  'test.running': 'Probando la conexión…',
  'test.passed': 'Todo funciona',
  'test.failed': 'La prueba se detuvo en un problema',
  'test.step.reach': 'Llegar al servidor',
  'test.step.hostKey': 'Verificar la identidad del servidor',
  'test.step.login': 'Iniciar sesión',
  'test.step.sftp': 'Abrir el acceso a archivos (SFTP)',
  'test.step.list': 'Listar la carpeta inicial',
  'test.status.ok': 'Correcto',
  'test.status.failed': 'Falló',
  'test.status.skipped': 'No se probó',
  'test.status.running': 'En curso',
  'test.status.waiting': 'En espera',
  'test.entries.one': 'La carpeta inicial tiene {count} elemento.',
  'test.entries.other': 'La carpeta inicial tiene {count} elementos.',

  'hostKey.title': 'Confirme la identidad del servidor',
  'hostKey.intro':
    'Es la primera conexión con {host}. Compruebe que esta huella digital coincide con la que ' +
    'le dio Pyplan.',
  'hostKey.keyType': 'Tipo de clave',
  'hostKey.fingerprint': 'Huella digital',
  'hostKey.advice': 'Si no está seguro, elija Cancelar y consulte a Pyplan antes de conectarse.',
  'hostKey.trust': 'Confiar en este servidor',
  'hostKey.changedTitle': 'Alto: la identidad del servidor cambió',
  'hostKey.changedIntro': 'El servidor {host} presenta una identidad distinta de la anterior.',
  'hostKey.oldFingerprint': 'Huella digital anterior',
  'hostKey.newFingerprint': 'Huella digital actual',
  'hostKey.revoked': 'Marcada como revocada',
  'hostKey.changedAdvice':
    'No se envió nada. Alguien podría estar interceptando la conexión. No continúe: comuníquese ' +
    'con Pyplan y pregunte si se cambió la clave del servidor.',
  'hostKey.changedRemedy':
    'Si Pyplan confirma que la clave cambió, abra esta conexión, elija “Olvidar la identidad ' +
    'guardada del servidor” en Seguridad y vuelva a conectarse para comprobar la nueva huella.',
  'hostKey.forgetLabel': 'Identidad guardada del servidor',
  'hostKey.forget': 'Olvidar la identidad guardada del servidor',
  'hostKey.forgetHint':
    'Hágalo solo si Pyplan le avisó de que la clave de {host} cambió. Se le pedirá ' +
    'confirmarlo, mostrando la huella guardada.',
  'hostKey.forgotten':
    'Olvidada. La próxima conexión le pedirá que confirme la identidad del servidor.',
  'hostKey.nothingToForget': 'No había ninguna identidad guardada para este servidor.',
  'hostKey.changedClose': 'No conectar',

  'import.title': 'Importar conexiones',
  'import.intro':
    'Traiga los sitios guardados en otro programa. No se guarda nada hasta que importe.',
  'import.sshConfig': 'OpenSSH (~/.ssh/config)',
  'import.filezilla': 'FileZilla',
  'import.winscp': 'WinSCP',
  'import.chooseFile': 'elegir archivo…',
  'import.readFrom': 'Leído de {path}',
  'import.none': 'No se encontraron sitios SFTP allí.',
  'import.failed': 'No se pudieron leer los sitios.',
  'import.go.one': 'Importar {count} conexión',
  'import.go.other': 'Importar {count} conexiones',
  'import.skipped.one': '{count} sitio omitido',
  'import.skipped.other': '{count} sitios omitidos',
  'import.skip.protocol': 'usa {protocol}, no SFTP',
  'import.skip.notSftp': 'no es un sitio SFTP',
  'import.skip.noHost': 'no tiene dirección del servidor',
  'import.skip.noUser': 'no tiene nombre de usuario',
  'import.skip.invalid': 'el valor de «{field}» no es válido',
  'import.saved.one': '{count} conexión importada.',
  'import.saved.other': '{count} conexiones importadas.',
  'import.notSaved.one': 'No se pudo importar {count} conexión:',
  'import.notSaved.other': 'No se pudieron importar {count} conexiones:',

  'browser.local': 'Este equipo',
  'browser.server': 'Servidor',
  'browser.back': 'Atrás',
  'browser.up': 'Subir una carpeta',
  'browser.refresh': 'Actualizar',
  'browser.home': 'Carpeta personal',
  'browser.drive': 'Unidad',
  'browser.filter': 'Filtrar',
  'browser.showHidden': 'Mostrar archivos ocultos',
  'browser.pathLabel': 'Ruta de la carpeta',
  'browser.editPath': 'Escribir una ruta',
  'browser.col.name': 'Nombre',
  'browser.col.size': 'Tamaño',
  'browser.col.modified': 'Modificado',
  'browser.col.permissions': 'Permisos',
  'browser.folderKind': 'Carpeta',
  'browser.loading': 'Abriendo la carpeta…',
  'browser.openFailed': 'No se pudo abrir esta carpeta.',
  'browser.tryAgain': 'Reintentar',
  'browser.emptyTitle': 'Esta carpeta está vacía',
  'browser.emptyBody': 'Arrastre archivos aquí para copiarlos.',
  'browser.nothingMatches': 'Nada coincide con el filtro.',
  'browser.allHidden.one': '{count} elemento oculto. Muéstrelo con el botón del ojo.',
  'browser.allHidden.other': '{count} elementos ocultos. Muéstrelos con el botón del ojo.',
  'browser.items.one': '{count} elemento',
  'browser.items.other': '{count} elementos',
  'browser.ofTotal': 'de {total}',
  'browser.soFar.one': 'Abriendo la carpeta… {count} elemento hasta ahora',
  'browser.soFar.other': 'Abriendo la carpeta… {count} elementos hasta ahora',
  'browser.sortedWhenDone': 'Se ordena cuando haya llegado todo',
  'browser.stopped.one': 'Listado detenido: se muestra {count} elemento',
  'browser.stopped.other': 'Listado detenido: se muestran {count} elementos',
  'browser.selected.one': '{count} seleccionado',
  'browser.selected.other': '{count} seleccionados',
  'browser.dragOutHint': 'Arrastre con Alt para copiar al escritorio o a una carpeta',
  'dragOut.preparing.one': 'Preparando {count} elemento para arrastrar…',
  'dragOut.preparing.other': 'Preparando {count} elementos para arrastrar…',
  'dragOut.bytes': '{done} de {total}',
  'dragOut.starting': 'Empezando…',
  'dragOut.label': 'Copias para arrastrar',
  'dragOut.hint':
    'Mantenga pulsado el botón del ratón: el arrastre empieza cuando todos los archivos ' +
    'estén completos. Esc cancela.',
  'browser.transferFailed': 'No se pudo iniciar la transferencia.',

  'drop.upload': 'Suelte para subir a «{folder}»',
  'drop.download': 'Suelte para descargar en «{folder}»',
  'drop.copy': 'Suelte para copiar en «{folder}»',

  'menu.open': 'Abrir',
  'menu.upload': 'Subir',
  'menu.download': 'Descargar',
  'menu.downloadTo': 'Descargar en…',
  'menu.copyPath': 'Copiar ruta',
  'key.enter': 'Intro',
  'key.delete': 'Supr',

  'ops.newFolder': 'Nueva carpeta',
  'ops.folderName': 'Nombre de la carpeta',
  'ops.create': 'Crear',
  'ops.rename': 'Cambiar nombre',
  'ops.renameTitle': 'Cambiar el nombre de «{name}»',
  'ops.newName': 'Nombre nuevo',
  'ops.badName': 'Un nombre no puede estar vacío ni contener / o \\.',
  'ops.nameTaken': 'Ya hay algo con este nombre aquí.',
  'ops.deleteOne': '¿Eliminar «{name}»?',
  'ops.deleteMany.one': '¿Eliminar {count} elemento?',
  'ops.deleteMany.other': '¿Eliminar {count} elementos?',
  'ops.deleteRemoteBody':
    'Los elementos eliminados se borran del servidor y no se pueden recuperar.',
  'ops.deleteLocalBody':
    'Los elementos eliminados se borran de este equipo; no van a la Papelera de reciclaje.',
  'ops.deleteFoldersWarning': 'Las carpetas se eliminan con todo su contenido.',

  'conflict.title': 'Este nombre ya existe',
  'conflict.intro': '«{name}» ya existe en {folder}.',
  'conflict.existing': 'El que ya está',
  'conflict.incoming': 'El que se copia',
  'conflict.incomingNewer':
    'El archivo que se copia es más reciente: «Reemplazar si es más reciente» reemplazará el' +
    ' que ya está.',
  'conflict.incomingOlder':
    'El archivo que se copia no es más reciente: «Reemplazar si es más reciente» conservará el' +
    ' que ya está.',
  'conflict.folderMerge':
    '«Reemplazar» combina las carpetas: los archivos con el mismo nombre se reemplazan y los' +
    ' demás se conservan.',
  'conflict.folderNewer':
    '«Reemplazar si es más reciente» también las combina, pero solo reemplaza un archivo cuando' +
    ' el que se copia es más reciente.',
  'conflict.folderRename':
    '«Conservar ambos» también las combina, y guarda cada archivo con el mismo nombre con un' +
    ' nombre nuevo junto al anterior.',
  'conflict.folderSkip': '«Omitir» deja esta carpeta como está: no se copia nada de ella.',
  'conflict.overwrite': 'Reemplazar',
  'conflict.newer': 'Reemplazar si es más reciente',
  'conflict.skip': 'Omitir',
  'conflict.rename': 'Conservar ambos',
  'conflict.cancelAll': 'Cancelar todo',
  'conflict.applyAll.one': 'Hacer lo mismo con el otro conflicto',
  'conflict.applyAll.other': 'Hacer lo mismo con los otros {count} conflictos',

  'queue.title': 'Transferencias',
  'queue.empty': 'Todavía no se transfirió nada',
  'queue.hint':
    'Arrastre archivos entre los dos lados, o desde su escritorio hacia el lado del servidor.' +
    ' Para llevar archivos del servidor a su escritorio, mantenga pulsada Alt (Opción en Mac)' +
    ' al empezar a arrastrar.',
  'queue.overall': 'Progreso total',
  'queue.active.one': '{count} transferencia en curso',
  'queue.active.other': '{count} transferencias en curso',
  'queue.allDone': 'Terminado: {done} sin problemas, {failed} con error',
  'queue.clearFinished': 'Quitar las terminadas',
  'queue.retry': 'Reintentar',
  'queue.pause': 'Pausar',
  'queue.resume': 'Reanudar',
  'queue.pauseAll': 'Pausar todas',
  'queue.resumeAll': 'Reanudar todas',
  'queue.cancelAll': 'Cancelar todas',
  'queue.held.one': '{count} transferencia en pausa',
  'queue.held.other': '{count} transferencias en pausa',
  'queue.waitingNote': 'Esperando a este servidor: conéctese y la transferencia continúa.',
  'queue.speedLimit': 'Límite de velocidad para todas las transferencias',
  'queue.noLimit': 'Sin límite de velocidad',
  'queue.limitTo': 'Como máximo {rate}',
  'queue.filesAtOnce':
    'Cuántos archivos transferir a la vez (no cuentan los de menos de 1 MiB: muchos de ' +
    'ellos se mueven juntos)',
  'queue.filesAtOnce.one': '{count} archivo a la vez',
  'queue.filesAtOnce.other': '{count} archivos a la vez',
  'queue.files': '{done} de {total} archivos',
  'queue.dir.upload': 'Subida',
  'queue.dir.download': 'Descarga',
  'queue.dir.copy': 'Copia en este equipo',
  'queue.state.queued': 'En espera',
  'queue.running.upload': 'Subiendo',
  'queue.running.download': 'Descargando',
  'queue.running.copy': 'Copiando',
  'queue.state.paused': 'En pausa',
  'queue.state.waiting': 'Sin conexión',
  'queue.state.done': 'Completada',
  'queue.state.failed': 'Con error',
  'queue.state.cancelled': 'Cancelada',
  'queue.reconnecting': 'Reconectando…',
  'queue.reconnectingNote':
    'Se perdió la conexión con el servidor. Se reconecta sola; la copia sigue desde donde ' +
    'se detuvo.',
  'queue.pgp.encrypt.none': 'Cifrar',
  'queue.pgp.encrypt.pending': 'Cifrando',
  'queue.pgp.encrypt.done': 'Cifrado',
  'queue.pgp.encrypt.failed': 'Falló el cifrado',
  'queue.pgp.decrypt.none': 'Descifrar',
  'queue.pgp.decrypt.pending': 'Descifrando',
  'queue.pgp.decrypt.done': 'Descifrado',
  'queue.pgp.decrypt.failed': 'Falló el descifrado',
  'queue.sig.valid': 'firma válida',
  'queue.sig.invalid': 'la firma no coincide',
  'queue.sig.unsigned': 'sin firma',
  'queue.sig.unknownKey': 'firmado con una clave desconocida',
  'queue.pgp.encrypt.pendingFor': 'Cifrando para {who}',
  'queue.pgp.encrypt.doneFor': 'Cifrado para {who}',
  'queue.pgp.encrypt.failedFor': 'Falló el cifrado para {who}',
  'queue.pgp.deletedKey': 'una clave eliminada ({id})',
  'queue.sig.validBy': 'firmado por {who}',
  'queue.sig.invalidBy': 'la firma de {who} no coincide',
  'queue.sig.unknownKeyBy': 'firmado con una clave que usted no tiene ({who})',
  'queue.skipped.one': '{count} archivo ya estaba y se conservó.',
  'queue.skipped.other': '{count} archivos ya estaban y se conservaron.',
  'queue.warn.attributes':
    'El servidor no conservó las fechas de modificación; los archivos llegaron igual.',
  'queue.warn.notVerified': 'El servidor no pudo confirmar el tamaño de lo que llegó.',
  'queue.warn.unsafeName': 'Algunos nombres del servidor eran inseguros y se omitieron.',
  'queue.warn.link': 'Se omitieron los accesos directos (enlaces).',
  'queue.warn.restarted':
    'Algunos archivos cambiaron después de interrumpirse la transferencia, así que se' +
    ' enviaron de nuevo completos.',
  'queue.failedFiles.one': '{count} archivo no se pudo copiar',
  'queue.failedFiles.other': '{count} archivos no se pudieron copiar',
  'queue.notDecrypted': 'Descargado, sin descifrar: la copia cifrada se conserva en {name}.',
  'queue.notDecryptedFiles.one':
    '{count} archivo se descargó pero no se descifró; se conserva la copia cifrada',
  'queue.notDecryptedFiles.other':
    '{count} archivos se descargaron pero no se descifraron; se conservan las copias cifradas',
  'queue.savedAs': 'guardado como {name}',
  'queue.replaceSkipped.one': 'Reemplazarlo',
  'queue.replaceSkipped.other': 'Reemplazarlos',
  'queue.notify.title': 'Transferencias terminadas',
  'queue.notify.titleFailed': 'Transferencias terminadas con problemas',
  'queue.notify.done.one': '{count} completada',
  'queue.notify.done.other': '{count} completadas',
  'queue.notify.failed.one': '{count} con error',
  'queue.notify.failed.other': '{count} con error',

  'settings.title': 'Configuración',
  'settings.general': 'General',
  'settings.language': 'Idioma',
  'settings.theme': 'Apariencia',
  'settings.theme.system': 'Igual que el sistema',
  'settings.theme.light': 'Clara',
  'settings.theme.dark': 'Oscura',
  'settings.showHidden': 'Mostrar archivos ocultos (nombres que empiezan con punto)',
  'settings.pgpKeys': 'Claves OpenPGP',
  'settings.pgpNone':
    'Todavía no hay claves. Importe la clave pública que le dio Pyplan para cifrar las subidas.',
  'settings.pgpImport': 'Importar archivo de clave…',
  'settings.pgpGenerate': 'Crear par de claves…',
  'settings.pgpExport': 'Exportar clave pública…',
  'settings.pgpSecret': 'Su clave (puede descifrar)',
  'settings.pgpSecretSignOnly': 'Su clave (solo firma)',
  'settings.pgpPublic': 'Clave pública (para cifrar)',
  'settings.pgpPublicOnly': 'Clave pública',
  'settings.pgpExpires': 'vence el {date}',
  'settings.pgpExpired': 'Venció el {date}',
  'settings.pgpRevoked': 'revocada',
  'settings.pgpSignOnly': 'no puede cifrar',
  'settings.pgpDeleteTitle': '¿Eliminar esta clave OpenPGP?',
  'settings.pgpDeleteBody': '«{name}» se elimina de esta aplicación.',
  'settings.pgpDeleteUsedBy.one': 'Esta conexión cifra sus subidas para ella:',
  'settings.pgpDeleteUsedBy.other': 'Estas {count} conexiones cifran sus subidas para ella:',
  'settings.pgpDeleteRefused.one':
    'Después de eliminarla, sus subidas se rechazan (nunca se envían sin cifrar) hasta que' +
    ' elija otra clave en Cifrado, dentro de la conexión.',
  'settings.pgpDeleteRefused.other':
    'Después de eliminarla, sus subidas se rechazan (nunca se envían sin cifrar) hasta que' +
    ' elija otra clave en Cifrado, dentro de cada conexión.',
  'pgpGen.title': 'Crear su par de claves OpenPGP',
  'pgpGen.intro':
    'Pyplan puede cifrar para esta clave los archivos que le envía, y solo usted puede' +
    ' descifrarlos, en esta aplicación. Una vez creada, exporte su clave pública y envíela a' +
    ' Pyplan.',
  'pgpGen.name': 'Su nombre',
  'pgpGen.email': 'Correo electrónico',
  'pgpGen.passphrase': 'Frase de contraseña (opcional)',
  'pgpGen.passphraseHint':
    'Se pide antes de descifrar una descarga. Sin ella, la clave queda protegida solo por el' +
    ' almacenamiento seguro de este equipo.',
  'pgpGen.repeat': 'Repita la frase de contraseña',
  'pgpGen.badName': 'Escriba su nombre (sin < ni >).',
  'pgpGen.badEmail': 'Escriba una dirección de correo como nombre@ejemplo.com.',
  'pgpGen.mismatch': 'Las dos frases de contraseña no coinciden.',
  'pgpGen.submit': 'Crear par de claves',
  'pgpGen.busy': 'Creando…',
  'pgpExport.title': 'Clave pública de «{name}»',
  'pgpExport.intro':
    'Envíe esta clave pública a Pyplan para que los archivos para usted se cifren con ella.' +
    ' No contiene nada secreto.',
  'pgpExport.copy': 'Copiar',
  'pgpExport.copied': 'Copiada al portapapeles.',
  'settings.version': 'Pyplan Transfer {version}',
};
