import type { ReactElement } from 'react';

/**
 * Line icons drawn on a 24-unit grid with the current text colour, so they follow the theme
 * and scale with the font at any zoom. Shapes are kept simple on purpose.
 */
const FOLDER =
  'M3 6.5A1.5 1.5 0 0 1 4.5 5H9l2 2.5h8.5A1.5 1.5 0 0 1 21 9v9.5a1.5 1.5 0 0 1-1.5 1.5h-15' +
  'A1.5 1.5 0 0 1 3 18.5z';

const SHAPES = {
  folder: <path d={FOLDER} />,
  file: (
    <>
      <path d="M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1z" />
      <path d="M14 3v5h5" />
    </>
  ),
  link: (
    <>
      <path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1" />
      <path d="M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" />
    </>
  ),
  back: <path d="M15 5l-7 7 7 7" />,
  up: <path d="M12 19V5M5 12l7-7 7 7" />,
  refresh: (
    <>
      <path d="M20 11a8 8 0 1 0-2.3 5.7" />
      <path d="M20 4v7h-7" />
    </>
  ),
  home: <path d="M4 11l8-7 8 7v9a1 1 0 0 1-1 1h-5v-6h-4v6H5a1 1 0 0 1-1-1z" />,
  newFolder: (
    <>
      <path d={FOLDER} />
      <path d="M12 11v6M9 14h6" />
    </>
  ),
  trash: (
    <>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
      <path d="M10 11v6M14 11v6" />
    </>
  ),
  pencil: <path d="M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4" />,
  upload: <path d="M12 16V4M6 10l6-6 6 6M4 20h16" />,
  download: <path d="M12 4v12M6 10l6 6 6-6M4 20h16" />,
  // A toothed wheel: rays around a circle read as a light/dark switch.
  gear: (
    <>
      <circle cx="12" cy="12" r="3" />
      <path
        d={
          'M19 10.5L21.4 10.9L21.4 13.1L19 13.5L18.1 15.9L19.5 17.9L17.9 19.5L15.9 18.1L13.5 19' +
          'L13.1 21.4L10.9 21.4L10.5 19L8.1 18.1L6.1 19.5L4.5 17.9L5.9 15.9L5 13.5L2.6 13.1' +
          'L2.6 10.9L5 10.5L5.9 8.1L4.5 6.1L6.1 4.5L8.1 5.9L10.5 5L10.9 2.6L13.1 2.6L13.5 5' +
          'L15.9 5.9L17.9 4.5L19.5 6.1L18.1 8.1Z'
        }
      />
    </>
  ),
  server: (
    <>
      <rect x="4" y="4" width="16" height="7" rx="1.5" />
      <rect x="4" y="13" width="16" height="7" rx="1.5" />
      <path d="M8 7.5h.01M8 16.5h.01" />
    </>
  ),
  plug: <path d="M9 3v5M15 3v5M6 8h12v3a6 6 0 0 1-12 0zM12 17v4" />,
  check: <path d="M5 12.5l4.5 4.5L19 7" />,
  close: <path d="M6 6l12 12M18 6L6 18" />,
  warning: (
    <>
      <path d="M12 3l9.5 17h-19z" />
      <path d="M12 10v4.5M12 17.5h.01" />
    </>
  ),
  stop: (
    <>
      <path d="M8 3h8l5 5v8l-5 5H8l-5-5V8z" />
      <path d="M12 7.5v6M12 16.5h.01" />
    </>
  ),
  info: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v6M12 7.5h.01" />
    </>
  ),
  lock: (
    <>
      <rect x="5" y="10.5" width="14" height="10" rx="1.5" />
      <path d="M8 10.5V7a4 4 0 0 1 8 0v3.5" />
    </>
  ),
  key: (
    <>
      <circle cx="8" cy="15" r="4" />
      <path d="M11 12l9-9M16 7l3 3M14 9l2 2" />
    </>
  ),
  search: (
    <>
      <circle cx="11" cy="11" r="6.5" />
      <path d="M16 16l4.5 4.5" />
    </>
  ),
  eye: (
    <>
      <path d="M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12z" />
      <circle cx="12" cy="12" r="2.5" />
    </>
  ),
  plus: <path d="M12 5v14M5 12h14" />,
  copy: (
    <>
      <rect x="8" y="8" width="12" height="12" rx="1.5" />
      <path d="M16 8V5.5A1.5 1.5 0 0 0 14.5 4h-9A1.5 1.5 0 0 0 4 5.5v9A1.5 1.5 0 0 0 5.5 16H8" />
    </>
  ),
  import: <path d="M12 3v11M7 9l5 5 5-5M5 15v4a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1v-4" />,
  drive: (
    <>
      <rect x="3" y="13" width="18" height="7" rx="1.5" />
      <path d="M5 13l2.5-8h9L19 13M17 16.5h.01" />
    </>
  ),
  chevronRight: <path d="M9 5l7 7-7 7" />,
  chevronDown: <path d="M5 9l7 7 7-7" />,
  spinner: <path d="M12 3a9 9 0 1 0 9 9" />,
} satisfies Record<string, ReactElement>;

export type IconName = keyof typeof SHAPES;

export interface IconProps {
  name: IconName;
  className?: string;
  /** Set for icons that carry meaning alone; decorative icons stay hidden from readers. */
  label?: string;
}

export function Icon({ name, className, label }: IconProps) {
  return (
    <svg
      className={`icon icon-${name}${className ? ` ${className}` : ''}`}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {SHAPES[name]}
    </svg>
  );
}
