// A small map label with a halo in the panel colour, so it reads over land,
// sea and arcs alike (paint-order: stroke in map.css).

/** Props of MapLabel: the anchor point in SVG pixels and an offset from it. */
export interface MapLabelProps {
  x: number;
  y: number;
  text: string;
  dx?: number;
  dy?: number;
  anchor?: 'start' | 'middle' | 'end';
  className?: string;
}

/** A text label on the map (10–11 px, haloed). */
export function MapLabel({ x, y, text, dx = 0, dy = 0, anchor = 'start', className }: MapLabelProps) {
  return (
    <text
      className={className ? `map-label ${className}` : 'map-label'}
      x={x + dx}
      y={y + dy}
      textAnchor={anchor}
    >
      {text}
    </text>
  );
}
