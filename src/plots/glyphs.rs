//! Text in PNG charts with the glyphs where they belong.
//!
//! plotters 0.3.7 draws each glyph of a text (its `ab_glyph` font path) at the
//! pen position without the glyph's left side bearing: a glyph with a wide
//! bearing such as the digit "1" is drawn too far left and leaves a gap after
//! it ("Country 1 0" for "Country 10"), and narrow glyphs crowd their
//! neighbours ("cyde" for "cycle"). SVG charts are not affected (their text is
//! text). [`Glyphs`] wraps a backend and draws text one glyph at a time at
//! pen position + bearing, with the same advances, kerning and anchors as
//! plotters, so the layout (and every size estimate) is unchanged.

use ab_glyph::{Font, FontRef, ScaleFont};
use plotters::prelude::DrawingBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind, FontStyle,
};

/// A backend whose text is drawn glyph by glyph with side bearings.
pub struct Glyphs<B>(pub B);

fn font(style: FontStyle) -> Option<FontRef<'static>> {
    let bytes = match style {
        FontStyle::Bold => dejavu::sans::bold(),
        _ => dejavu::sans::regular(),
    };
    FontRef::try_from_slice(bytes).ok()
}

/// Pen position and left side bearing of each glyph of `text` at `size`
/// pixels, as plotters lays them out (advances plus kerning), and the width.
pub fn layout(font: &FontRef<'_>, size: f32, text: &str) -> (Vec<(char, f32, f32)>, f32) {
    let f = font.as_scaled(size);
    let mut x = 0f32;
    let mut prev = None;
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let id = f.glyph_id(c);
        if let Some(p) = prev {
            x += f.kern(p, id);
        }
        out.push((c, x, f.h_side_bearing(id)));
        x += f.h_advance(id);
        prev = Some(id);
    }
    (out, x)
}

impl<B: DrawingBackend> DrawingBackend for Glyphs<B> {
    type ErrorType = B::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.present()
    }
    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (iw, ih): (u32, u32),
        src: &[u8],
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.0.blit_bitmap(pos, (iw, ih), src)
    }

    fn draw_text<TStyle: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &TStyle,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let Some(font) = font(style.style()) else {
            return self.0.draw_text(text, style, pos);
        };
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let size = style.size();
        let (glyphs, width) = layout(&font, size as f32, text);
        // The box plotters itself reports for the text (anchors use it).
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (w, h) = (max_x - min_x, max_y - min_y);
        debug_assert!((w - width as i32).abs() <= 1);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -w,
            HPos::Center => -w / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -h / 2,
            VPos::Bottom => -h,
        };
        let trans = style.transform();
        let (bw, bh) = self.get_size();
        let mut buf = [0u8; 4];
        for (c, x, bearing) in glyphs {
            if c.is_whitespace() {
                continue;
            }
            let one: &str = c.encode_utf8(&mut buf);
            // plotters draws the glyph's pixels from its left edge at the pen
            // position; the edge belongs at pen + bearing.
            let shift = (x + bearing).floor() as i32;
            let backend = &mut self.0;
            let r = style.draw(one, (0, 0), |px, py, color| {
                let (tx, ty) = trans.transform(px + shift + dx - min_x, py + dy - min_y);
                let (tx, ty) = (pos.0 + tx, pos.1 + ty);
                if tx >= 0 && tx < bw as i32 && ty >= 0 && ty < bh as i32 {
                    backend.draw_pixel((tx, ty), color)
                } else {
                    Ok(())
                }
            });
            match r {
                Ok(r) => r?,
                Err(e) => return Err(DrawingErrorKind::FontError(Box::new(e))),
            }
        }
        Ok(())
    }

    fn estimate_text_size<TStyle: BackendTextStyle>(
        &self,
        text: &str,
        style: &TStyle,
    ) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.0.estimate_text_size(text, style)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_have_bearings_plotters_ignored() {
        // The cause of "Country 1 0": "1" has a wide left side bearing, so
        // drawing it at the bare pen position shifts it left of its place.
        let f = font(FontStyle::Normal).unwrap();
        let (g, width) = layout(&f, 20.0, "10");
        assert_eq!(g.len(), 2);
        let (_, _, one_bearing) = g[0];
        let (_, zero_x, _) = g[1];
        assert!(one_bearing > 1.5, "bearing of '1': {one_bearing}");
        assert!(zero_x > 0.0 && width > zero_x);
    }
}
